package com.arkenos.devkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.sfn.LambdaInvokeServer;
import com.arkenos.devkit.twilio.TwilioSandbox;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every local HTTP server of the devkit says when it closes a connection: a client that asked for
 * {@code Connection: close} gets it echoed and a closed socket; any other client keeps its connection for the
 * next request and learns the idle timeout.
 */
class ConnectionHeadersTest {
    private static TwilioSandbox twilio;
    private static LiveKitSandbox livekit;
    private static LambdaInvokeServer lambda;

    @BeforeAll
    static void start() {
        twilio = TwilioSandbox.start(0);
        livekit = LiveKitSandbox.start(0);
        lambda = LambdaInvokeServer.start();
    }

    @AfterAll
    static void stop() {
        twilio.close();
        livekit.close();
        lambda.close();
    }

    /** A server and a request it answers (an error answer is as good as any for connection handling). */
    static Stream<Arguments> servers() {
        return Stream.of(
                Arguments.of("twilio", twilio.port(), "GET", "/api/2010-04-01/Accounts/" + twilio.accountSid()
                        + "/IncomingPhoneNumbers.json"),
                Arguments.of("livekit", livekit.port(), "POST", "/twirp/livekit.SIP/ListSIPInboundTrunk"),
                Arguments.of("lambda", lambda.endpoint().getPort(), "GET", "/2015-03-31/functions"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void connectionClose_isEchoed_andTheSocketCloses(String name, int port, String method, String path)
            throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            RawHttp.Answer answer = http.exchange(method, path, "Connection: close");
            assertEquals("close", answer.header("Connection"), name + " " + answer.headers());
            assertTrue(http.closedByServer(), name + " kept a connection it was asked to close");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void keepAlive_servesTwoRequestsOnOneSocket_andAdvertisesTheIdleTimeout(String name, int port, String method,
                                                                            String path) throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            RawHttp.Answer first = http.exchange(method, path);
            RawHttp.Answer second = http.exchange(method, path);
            assertEquals(first.status(), second.status(), name);
            assertNull(second.header("Connection"), name + " " + second.headers());
            assertTrue(second.header("Keep-Alive").startsWith("timeout="), name + " " + second.headers());
            assertFalse(http.closedByServer(), name + " closed a kept-alive connection");
        }
    }

    @Test
    void closeRequested_readsTokensAndTheProtocol() {
        assertTrue(ConnectionHeaders.closeRequested(List.of("close"), "HTTP/1.1"));
        assertTrue(ConnectionHeaders.closeRequested(List.of("Keep-Alive, Close"), "HTTP/1.1"));
        assertFalse(ConnectionHeaders.closeRequested(null, "HTTP/1.1"));
        assertTrue(ConnectionHeaders.closeRequested(null, "HTTP/1.0"));
        assertFalse(ConnectionHeaders.closeRequested(List.of("keep-alive"), "HTTP/1.0"));
    }
}
