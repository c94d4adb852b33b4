package com.arkenos.telephony.providers.twilio;

/**
 * What the gateway needs to reach a Twilio account.
 *
 * @param accountSid the account, {@code AC} followed by 32 hex digits
 * @param authToken  the account's auth token; never printed
 * @param apiBaseUrl null or blank for the real Twilio; otherwise the base URL of a wire-compatible server (such as
 *                   the local sandbox) that serves {@code /api/...} and {@code /trunking/...}
 */
public record TwilioCredentials(String accountSid, String authToken, String apiBaseUrl) {

    public TwilioCredentials {
        if (accountSid == null || !accountSid.matches("AC[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException("accountSid must be AC followed by 32 hex digits");
        }
        if (authToken == null || authToken.isBlank()) {
            throw new IllegalArgumentException("authToken is required");
        }
        apiBaseUrl = apiBaseUrl == null || apiBaseUrl.isBlank() ? null : apiBaseUrl.strip();
    }

    /** Credentials for the real Twilio. */
    public static TwilioCredentials of(String accountSid, String authToken) {
        return new TwilioCredentials(accountSid, authToken, null);
    }

    public boolean usesRealTwilio() {
        return apiBaseUrl == null;
    }

    /** Records print their components; this one must never print the token. */
    @Override
    public String toString() {
        return "TwilioCredentials[accountSid=" + accountSid + ", authToken=***, apiBaseUrl="
                + (apiBaseUrl == null ? "twilio.com" : apiBaseUrl) + "]";
    }
}
