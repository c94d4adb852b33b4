package com.arkenos.devkit.twilio;

/** An IncomingPhoneNumber the sandbox account owns; {@code trunkSid} is null when no trunk routes it. */
public record SandboxNumber(String sid, String phoneNumber, String friendlyName, String isoCountry, String type,
                            String trunkSid) {
}
