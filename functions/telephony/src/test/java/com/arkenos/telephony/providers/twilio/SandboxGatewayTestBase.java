package com.arkenos.telephony.providers.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.arkenos.devkit.twilio.TwilioSandbox;
import com.arkenos.telephony.providers.ProviderException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * One Twilio sandbox and one SDK gateway per test class, talking over real HTTP; the sandbox is emptied before
 * every test. Timeouts are short so that the timeout fault costs about a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SandboxGatewayTestBase {
    static final Duration TEST_TIMEOUT = Duration.ofSeconds(1);

    TwilioSandbox sandbox;
    SdkTwilioGateway gateway;

    @BeforeAll
    void startSandbox() {
        sandbox = TwilioSandbox.start(0);
        gateway = gatewayWith(sandbox.accountSid(), sandbox.authToken());
    }

    @AfterAll
    void stopSandbox() {
        gateway.close();
        sandbox.close();
    }

    @BeforeEach
    void emptySandbox() {
        sandbox.reset();
    }

    SdkTwilioGateway gatewayWith(String accountSid, String authToken) {
        return new SdkTwilioGateway(new TwilioCredentials(accountSid, authToken, sandbox.baseUrl()), TEST_TIMEOUT,
                TEST_TIMEOUT);
    }

    /** Asserts the failure kind, HTTP status and Twilio code, and that the token never shows in the message. */
    <E extends ProviderException> E assertFails(Class<E> kind, int httpStatus, String providerCode, Executable call) {
        E e = assertThrows(kind, call);
        assertEquals("twilio", e.provider());
        assertEquals(httpStatus, e.httpStatus(), "HTTP status of " + e.getMessage());
        assertEquals(providerCode, e.providerCode(), "provider code of " + e.getMessage());
        assertFalse(e.getMessage().contains(sandbox.authToken()), "the auth token leaked into " + e.getMessage());
        return e;
    }

    /** Buys the first local number the sandbox offers in {@code areaCode}. */
    OwnedNumber buyLocal(int areaCode) {
        AvailableNumber number = gateway.searchAvailable(NumberSearch.local("US", areaCode, 1)).get(0);
        return gateway.buy(number.phoneNumber());
    }
}
