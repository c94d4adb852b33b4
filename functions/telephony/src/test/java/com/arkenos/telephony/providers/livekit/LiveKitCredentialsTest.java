package com.arkenos.telephony.providers.livekit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveKitCredentialsTest {

    @Test
    void toString_neverShowsTheSecret() {
        LiveKitCredentials c = LiveKitCredentials.of("wss://acme-x1y2.livekit.cloud", "APIkey123", "sup3r-s3cret");

        assertFalse(c.toString().contains("sup3r-s3cret"), c.toString());
        assertTrue(c.toString().contains("APIkey123"));
    }

    @Test
    void sipUri_isDerivedFromACloudUrl_unlessGiven() {
        assertEquals("acme-x1y2.sip.livekit.cloud",
                LiveKitCredentials.of("wss://acme-x1y2.livekit.cloud", "k", "s").sipUri());
        assertEquals("custom.sip.example",
                new LiveKitCredentials("wss://acme-x1y2.livekit.cloud", "k", "s", "custom.sip.example").sipUri());
        assertNull(LiveKitCredentials.of("https://livekit.internal.example:7880", "k", "s").sipUri());
    }

    @Test
    void apiBaseUrl_isHttpForWebsocketUrls() {
        assertEquals("https://acme.livekit.cloud/", LiveKitCredentials.of("wss://acme.livekit.cloud", "k", "s")
                .apiBaseUrl());
        assertEquals("http://127.0.0.1:7880/", LiveKitCredentials.of("ws://127.0.0.1:7880", "k", "s").apiBaseUrl());
    }

    @Test
    void blankSecret_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> LiveKitCredentials.of("wss://a.livekit.cloud", "k", " "));
    }
}
