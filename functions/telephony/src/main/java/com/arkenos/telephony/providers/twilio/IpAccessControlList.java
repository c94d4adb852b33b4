package com.arkenos.telephony.providers.twilio;

/**
 * A SIP IP access control list (source addresses that Twilio accepts on termination).
 *
 * @param sid {@code AL...}
 */
public record IpAccessControlList(String sid, String friendlyName) {
}
