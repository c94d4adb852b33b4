package com.arkenos.telephony.providers.twilio;

/**
 * A number the account owns (a Twilio IncomingPhoneNumber).
 *
 * @param sid         {@code PN...}
 * @param phoneNumber E.164
 * @param trunkSid    the Elastic SIP trunk that routes it, or null
 */
public record OwnedNumber(String sid, String phoneNumber, String friendlyName, String trunkSid) {
}
