package com.arkenos.devkit.twilio;

import java.util.List;
import java.util.Set;

/** A snapshot of a sandbox trunk with everything linked to it. */
public record SandboxTrunk(String sid, String friendlyName, String domainName,
                           List<SandboxOriginationUrl> originationUrls, Set<String> phoneNumberSids,
                           Set<String> credentialListSids, Set<String> ipAccessControlListSids) {
}
