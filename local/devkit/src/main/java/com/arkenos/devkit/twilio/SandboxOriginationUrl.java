package com.arkenos.devkit.twilio;

/** An origination URL of a sandbox trunk. */
public record SandboxOriginationUrl(String sid, String friendlyName, String sipUrl, int priority, int weight,
                                    boolean enabled) {
}
