package com.arkenos.telephony.providers.twilio;

/**
 * A SIP credential list (usernames and password digests that Twilio accepts on termination).
 *
 * @param sid {@code CL...}
 */
public record CredentialList(String sid, String friendlyName) {
}
