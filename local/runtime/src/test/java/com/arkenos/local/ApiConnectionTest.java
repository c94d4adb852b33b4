package com.arkenos.local;

import com.arkenos.devkit.http.RawHttp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local HTTP API says when it closes a connection, as the sandboxes do (see devkit's ConnectionHeadersTest). */
class ApiConnectionTest {
    private static int port() {
        return Integer.parseInt(TestStack.http().base().replaceAll(".*:", ""));
    }

    @Test
    void connectionClose_isEchoed_andTheSocketCloses() throws Exception {
        try (RawHttp http = new RawHttp(port())) {
            RawHttp.Answer answer = http.exchange("GET", "/api/agents", "x-user-id: u-connection", "Connection: close");
            assertEquals(200, answer.status(), answer.body());
            assertEquals("close", answer.header("Connection"));
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void keptAliveConnection_servesTheNextRequest() throws Exception {
        try (RawHttp http = new RawHttp(port())) {
            assertEquals(200, http.exchange("GET", "/api/agents", "x-user-id: u-connection").status());
            RawHttp.Answer second = http.exchange("GET", "/api/agents", "x-user-id: u-connection");
            assertEquals(200, second.status(), second.body());
            assertTrue(second.header("Keep-Alive").startsWith("timeout="), second.headers().toString());
            assertFalse(http.closedByServer());
        }
    }
}
