package com.arkenos.devkit.twilio;

import java.util.List;

/** A SIP credential list and its usernames (passwords are never kept). */
public record SandboxCredentialList(String sid, String friendlyName, List<String> usernames) {
}
