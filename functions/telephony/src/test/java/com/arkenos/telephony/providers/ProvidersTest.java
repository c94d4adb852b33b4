package com.arkenos.telephony.providers;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.errors.ProviderUnavailableException;
import com.arkenos.telephony.core.http.HttpErrors;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvidersTest {
    @Test
    void twilio_whenCredentialsMissing_namesWhatIsMissingWithoutValues() {
        Providers p = new Providers(Env.of(Map.of("TWILIO_ACCOUNT_SID", "ACsecretish")));
        ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class, p::twilioCredentials);
        assertEquals(503, HttpErrors.status(e));
        assertEquals("provider_not_configured", e.code());
        assertTrue(e.getMessage().contains("TWILIO_AUTH_TOKEN"), e.getMessage());
        assertFalse(e.getMessage().contains("TWILIO_ACCOUNT_SID"), "the sid is present: " + e.getMessage());
        assertFalse(e.getMessage().contains("ACsecretish"));
    }

    @Test
    void livekit_whenAllMissing_namesEachVariable() {
        ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class,
                () -> new Providers(Env.of(Map.of())).liveKitCredentials());
        assertTrue(e.getMessage().contains("LIVEKIT_URL") && e.getMessage().contains("LIVEKIT_API_KEY")
                && e.getMessage().contains("LIVEKIT_API_SECRET"), e.getMessage());
    }

    @Test
    void livekit_derivesSipUriFromUrl_andHidesSecret() {
        Providers p = new Providers(Env.of(Map.of("LIVEKIT_URL", "wss://acme.livekit.cloud",
                "LIVEKIT_API_KEY", "APIkey", "LIVEKIT_API_SECRET", "s3cr3t-value")));
        assertEquals("acme.sip.livekit.cloud", p.liveKitCredentials().sipUri());
        assertFalse(p.liveKitCredentials().toString().contains("s3cr3t-value"));
    }

    @Test
    void termination_whenPasswordMissing_isAClearError() {
        ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class,
                () -> new Providers(Env.of(Map.of())).terminationCredentials());
        assertTrue(e.getMessage().contains("TERMINATION_PASSWORD"), e.getMessage());
        Providers p = new Providers(Env.of(Map.of("TERMINATION_PASSWORD", "Pw1-very-secret")));
        assertEquals("arkenos-lk", p.terminationCredentials().username());
        assertFalse(p.terminationCredentials().toString().contains("Pw1-very-secret"));
    }
}
