package com.arkenos.devkit.twilio;

import java.util.List;

/** A SIP IP access control list and its addresses. */
public record SandboxIpAccessControlList(String sid, String friendlyName, List<String> ipAddresses) {
}
