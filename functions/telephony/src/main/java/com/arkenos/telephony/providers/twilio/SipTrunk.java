package com.arkenos.telephony.providers.twilio;

/**
 * An Elastic SIP trunk.
 *
 * @param sid        {@code TK...}
 * @param domainName the termination URI ({@code *.pstn.twilio.com}), or null when none is set
 */
public record SipTrunk(String sid, String friendlyName, String domainName) {
}
