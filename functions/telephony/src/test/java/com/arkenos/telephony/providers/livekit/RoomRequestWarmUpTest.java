package com.arkenos.telephony.providers.livekit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The outbound function's background warm-up builds a CreateRoom request and sends nothing. */
class RoomRequestWarmUpTest {

    @Test
    void buildsTheRequestWithoutConnecting() {
        // the warm-up's made-up address refuses connections, so a request that was sent would fail here
        assertThrows(IOException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", 9), 2_000);
            }
        }, "nothing may listen on the warm-up's address for this test to mean anything");
        assertDoesNotThrow(SdkLiveKitGateway::loadRoomRequestPath);
    }
}
