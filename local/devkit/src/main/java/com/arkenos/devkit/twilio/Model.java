package com.arkenos.devkit.twilio;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sandbox's resources. Mutable and not thread-safe on purpose: every read and write happens under the
 * sandbox's single lock (see {@link SandboxHttpHandler}), which keeps the rules simple and race-free.
 */
final class Model {
    private Model() {
    }

    static final class OwnedNumber {
        final String sid;
        final PoolNumber number;
        final String friendlyName;
        final Instant created;
        String trunkSid;

        OwnedNumber(String sid, PoolNumber number, String friendlyName, Instant created) {
            this.sid = sid;
            this.number = number;
            this.friendlyName = friendlyName;
            this.created = created;
        }
    }

    static final class Trunk {
        final String sid;
        final Instant created;
        String friendlyName;
        String domainName;
        Instant updated;
        final Map<String, OriginationUrl> originationUrls = new LinkedHashMap<>();
        final Map<String, Instant> phoneNumbers = new LinkedHashMap<>();
        final Map<String, Instant> credentialLists = new LinkedHashMap<>();
        final Map<String, Instant> ipAccessControlLists = new LinkedHashMap<>();

        Trunk(String sid, String friendlyName, String domainName, Instant created) {
            this.sid = sid;
            this.friendlyName = friendlyName;
            this.domainName = domainName;
            this.created = created;
            this.updated = created;
        }
    }

    record OriginationUrl(String sid, String trunkSid, String friendlyName, String sipUrl, int priority, int weight,
                          boolean enabled, Instant created) {
    }

    static final class CredentialList {
        final String sid;
        final String friendlyName;
        final Instant created;
        final Map<String, Credential> credentials = new LinkedHashMap<>();

        CredentialList(String sid, String friendlyName, Instant created) {
            this.sid = sid;
            this.friendlyName = friendlyName;
            this.created = created;
        }
    }

    /** Twilio keeps only a digest of the password and never returns it; the sandbox keeps nothing at all. */
    record Credential(String sid, String credentialListSid, String username, Instant created) {
    }

    static final class IpAccessControlList {
        final String sid;
        final String friendlyName;
        final Instant created;
        final Map<String, IpAddress> addresses = new LinkedHashMap<>();

        IpAccessControlList(String sid, String friendlyName, Instant created) {
            this.sid = sid;
            this.friendlyName = friendlyName;
            this.created = created;
        }
    }

    record IpAddress(String sid, String ipAccessControlListSid, String friendlyName, String ipAddress,
                     int cidrPrefixLength, Instant created) {
    }
}
