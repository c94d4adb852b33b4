package com.arkenos.telephony.providers;

/** The username and password LiveKit's outbound trunk presents to Twilio's termination. */
public record TerminationCredentials(String username, String password) {
    @Override
    public String toString() {
        return "TerminationCredentials[username=" + username + ", password=***]";
    }
}
