package com.arkenos.telephony.providers.twilio;

import static com.arkenos.devkit.twilio.TwilioOperations.AVAILABLE_PHONE_NUMBERS_LIST;
import static com.arkenos.devkit.twilio.TwilioOperations.INCOMING_PHONE_NUMBERS_CREATE;
import static com.arkenos.devkit.twilio.TwilioOperations.INCOMING_PHONE_NUMBERS_LIST;
import static com.arkenos.devkit.twilio.TwilioOperations.TRUNKS_CREATE;
import static com.arkenos.devkit.twilio.TwilioOperations.TRUNKS_LIST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arkenos.devkit.faults.Fault;
import com.arkenos.telephony.providers.ProviderException;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TwilioGatewayFaultsTest extends SandboxGatewayTestBase {
    private static final String NUMBER = "+15105550100";

    @Test
    void buy_rateLimited_isTransient429WithTwilioCode() {
        sandbox.faults().failNext(INCOMING_PHONE_NUMBERS_CREATE, 1, Fault.RATE_LIMITED);

        assertFails(ProviderException.Transient.class, 429, "20429", () -> gateway.buy(NUMBER));
        assertEquals(0, sandbox.purchases(NUMBER));
    }

    @Test
    void buy_serverError_isTransient500WithTwilioCode() {
        sandbox.faults().failNext(INCOMING_PHONE_NUMBERS_CREATE, 1, Fault.SERVER_ERROR);

        assertFails(ProviderException.Transient.class, 500, "20500", () -> gateway.buy(NUMBER));
    }

    @Test
    void search_timeout_isTransientWithoutStatus_afterTheReadTimeout() {
        sandbox.faults().timeoutHoldMillis(2_000);
        sandbox.faults().failNext(AVAILABLE_PHONE_NUMBERS_LIST, 1, Fault.TIMEOUT);
        long started = System.nanoTime();

        assertFails(ProviderException.Transient.class, 0, null,
                () -> gateway.searchAvailable(NumberSearch.local("US", 510, 1)));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(waited.compareTo(TEST_TIMEOUT) >= 0 && waited.compareTo(Duration.ofMillis(1_900)) < 0,
                "gave up after " + waited + ", expected the 1 s read timeout");
    }

    @Test
    void listTrunks_connectionReset_isTransientWithoutStatus() {
        sandbox.faults().failNext(TRUNKS_LIST, 1, Fault.RESET);

        assertFails(ProviderException.Transient.class, 0, null, () -> gateway.listTrunks());
    }

    @Test
    void buy_permanentFault_isPermanentWithTheOperationsTwilioCode() {
        sandbox.faults().failNext(INCOMING_PHONE_NUMBERS_CREATE, 1, Fault.PERMANENT);

        assertFails(ProviderException.Permanent.class, 400, "21422", () -> gateway.buy(NUMBER));
    }

    @Test
    void createTrunk_permanentFault_isPermanentWithTheOperationsTwilioCode() {
        sandbox.faults().failNext(TRUNKS_CREATE, 1, Fault.PERMANENT);

        assertFails(ProviderException.Permanent.class, 400, "21244", () -> gateway.createTrunk("agent-1"));
    }

    /** The SDK retries 5xx and Apache's client retries resets on GETs; the gateway must not, or faults hide. */
    @ParameterizedTest
    @EnumSource(Fault.class)
    void findOwned_eachFault_failsAfterExactlyOneCall(Fault fault) {
        sandbox.faults().timeoutHoldMillis(1_500);
        sandbox.faults().failNext(INCOMING_PHONE_NUMBERS_LIST, 1, fault);

        ProviderException e = assertThrows(ProviderException.class, () -> gateway.findOwned(NUMBER));

        assertEquals(fault != Fault.PERMANENT, e.transient_(), e.getMessage());
        assertEquals("IncomingPhoneNumbers.list", e.operation());
        assertEquals(1, sandbox.faults().calls(INCOMING_PHONE_NUMBERS_LIST));
    }

    @Test
    void buy_afterTransientFaultsPass_succeeds() {
        sandbox.faults().failNext(INCOMING_PHONE_NUMBERS_CREATE, 2, Fault.SERVER_ERROR);

        assertThrows(ProviderException.Transient.class, () -> gateway.buy(NUMBER));
        assertThrows(ProviderException.Transient.class, () -> gateway.buy(NUMBER));
        OwnedNumber owned = gateway.buy(NUMBER);

        assertEquals(NUMBER, owned.phoneNumber());
        assertEquals(3, sandbox.faults().calls(INCOMING_PHONE_NUMBERS_CREATE));
        assertEquals(1, sandbox.purchases(NUMBER));
    }

    @Test
    void anyCall_withWrongAuthToken_isPermanent401Authenticate_withoutEchoingTheToken() {
        String wrongToken = "0000000000000000000000000000beef";
        try (SdkTwilioGateway intruder = gatewayWith(sandbox.accountSid(), wrongToken)) {
            ProviderException e = assertFails(ProviderException.Permanent.class, 401, "20003",
                    () -> intruder.listTrunks());
            assertFalse(e.getMessage().contains(wrongToken), e.getMessage());
        }
        assertEquals(List.of(), sandbox.trunks());
    }

    @Test
    void anyCall_whenNothingListens_isTransientWithoutStatus() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        TwilioCredentials nowhere = new TwilioCredentials(sandbox.accountSid(), sandbox.authToken(),
                "http://127.0.0.1:" + closedPort);
        try (SdkTwilioGateway gatewayToNowhere = new SdkTwilioGateway(nowhere, TEST_TIMEOUT, TEST_TIMEOUT)) {
            assertFails(ProviderException.Transient.class, 0, null, () -> gatewayToNowhere.listTrunks());
        }
    }

    /** A proxy's HTML error page carries no Twilio JSON; its HTTP status must still decide transient or not. */
    @Test
    void anyCall_answeredWithANonTwilioErrorPage_keepsTheHttpStatus() throws IOException {
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", exchange -> {
            byte[] page = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(502, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        proxy.start();
        TwilioCredentials viaProxy = new TwilioCredentials(sandbox.accountSid(), sandbox.authToken(),
                "http://127.0.0.1:" + proxy.getAddress().getPort());
        try (SdkTwilioGateway gatewayViaProxy = new SdkTwilioGateway(viaProxy, TEST_TIMEOUT, TEST_TIMEOUT)) {
            assertFails(ProviderException.Transient.class, 502, null, () -> gatewayViaProxy.listTrunks());
        } finally {
            proxy.stop(0);
        }
    }
}
