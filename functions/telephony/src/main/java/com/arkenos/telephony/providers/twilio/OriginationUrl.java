package com.arkenos.telephony.providers.twilio;

/**
 * Where a trunk sends inbound calls: lower priority first, then shared by weight.
 *
 * @param sid {@code OU...}
 */
public record OriginationUrl(String sid, String trunkSid, String friendlyName, String sipUrl, int priority, int weight,
                             boolean enabled) {
}
