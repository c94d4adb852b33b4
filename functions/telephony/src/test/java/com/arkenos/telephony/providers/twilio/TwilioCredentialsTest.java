package com.arkenos.telephony.providers.twilio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TwilioCredentialsTest {
    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "f00dfeedf00dfeedf00dfeedf00dfeed";

    @Test
    void toString_neverShowsTheAuthToken() {
        String printed = new TwilioCredentials(SID, TOKEN, "http://127.0.0.1:1").toString();

        assertFalse(printed.contains(TOKEN), printed);
        assertTrue(printed.contains(SID), printed);
    }

    @Test
    void blankBaseUrl_meansTheRealTwilio() {
        TwilioCredentials credentials = new TwilioCredentials(SID, TOKEN, "  ");

        assertNull(credentials.apiBaseUrl());
        assertTrue(credentials.usesRealTwilio());
    }

    @Test
    void malformedAccountSidOrMissingToken_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TwilioCredentials("SK" + SID.substring(2), TOKEN, null));
        assertThrows(IllegalArgumentException.class, () -> new TwilioCredentials(SID, " ", null));
    }
}
