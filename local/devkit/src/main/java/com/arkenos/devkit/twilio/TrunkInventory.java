package com.arkenos.devkit.twilio;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Elastic SIP trunks and what hangs off them. Guarded by the sandbox lock. */
final class TrunkInventory {
    /** Twilio's documented per-account limit. */
    static final int MAX_TRUNKS = 100;
    private static final int MAX_FRIENDLY_NAME = 64;
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.pstn\\.twilio\\.com");

    private final Sids sids;
    private final Clock clock;
    private final NumberInventory numbers;
    private final SipInventory sip;
    private final Map<String, Model.Trunk> trunks = new LinkedHashMap<>();

    TrunkInventory(Sids sids, Clock clock, NumberInventory numbers, SipInventory sip) {
        this.sids = sids;
        this.clock = clock;
        this.numbers = numbers;
        this.sip = sip;
        numbers.onRelease(n -> trunks.values().forEach(t -> t.phoneNumbers.remove(n.sid)));
        sip.onDelete(sid -> trunks.values().forEach(t -> {
            t.credentialLists.remove(sid);
            t.ipAccessControlLists.remove(sid);
        }));
    }

    Model.Trunk create(String friendlyName, String domainName) {
        if (trunks.size() >= MAX_TRUNKS) {
            throw TwilioApiError.badRequest(TwilioErrorCodes.MAX_TRUNKS_REACHED, "Maximum Number of Trunks reached");
        }
        checkFriendlyName(friendlyName);
        if (domainName != null) {
            checkDomain(domainName, null);
        }
        Model.Trunk trunk = new Model.Trunk(sids.next("TK"), friendlyName, domainName, clock.instant());
        trunks.put(trunk.sid, trunk);
        return trunk;
    }

    Model.Trunk get(String sid, String twilioPath) {
        return Optional.ofNullable(trunks.get(sid)).orElseThrow(() -> TwilioApiError.notFound(twilioPath));
    }

    Optional<Model.Trunk> find(String sid) {
        return Optional.ofNullable(trunks.get(sid));
    }

    List<Model.Trunk> all() {
        return new ArrayList<>(trunks.values());
    }

    void update(Model.Trunk trunk, String friendlyName, String domainName) {
        if (friendlyName != null) {
            checkFriendlyName(friendlyName);
        }
        if (domainName != null) {
            checkDomain(domainName, trunk.sid);
        }
        if (friendlyName != null) {
            trunk.friendlyName = friendlyName;
        }
        if (domainName != null) {
            trunk.domainName = domainName;
        }
        trunk.updated = clock.instant();
    }

    /** Deleting a trunk releases its numbers back to plain IncomingPhoneNumbers, as Twilio does. */
    void delete(Model.Trunk trunk) {
        trunk.phoneNumbers.keySet().forEach(pn -> numbers.bySid(pn).ifPresent(n -> n.trunkSid = null));
        trunks.remove(trunk.sid);
    }

    Model.OriginationUrl addOriginationUrl(Model.Trunk trunk, String friendlyName, String sipUrl, int priority,
                                           int weight, boolean enabled) {
        checkFriendlyName(friendlyName);
        if (!sipUrl.toLowerCase(Locale.ROOT).startsWith("sip:")) {
            throw TwilioApiError.badRequest(TwilioErrorCodes.TRUNK_VALIDATION_ERROR,
                    "SipUrl must be a sip: URI, got " + sipUrl);
        }
        Model.OriginationUrl url = new Model.OriginationUrl(sids.next("OU"), trunk.sid, friendlyName, sipUrl,
                priority, weight, enabled, clock.instant());
        trunk.originationUrls.put(url.sid(), url);
        return url;
    }

    void deleteOriginationUrl(Model.Trunk trunk, String sid, String twilioPath) {
        if (trunk.originationUrls.remove(sid) == null) {
            throw TwilioApiError.notFound(twilioPath);
        }
    }

    /** A number belongs to at most one trunk; associating it again, here or elsewhere, is refused. */
    Model.OwnedNumber associate(Model.Trunk trunk, String phoneNumberSid, String twilioPath) {
        Model.OwnedNumber number = numbers.bySid(phoneNumberSid)
                .orElseThrow(() -> TwilioApiError.notFound(twilioPath + "/" + phoneNumberSid));
        if (number.trunkSid != null) {
            String where = number.trunkSid.equals(trunk.sid) ? "this trunk" : "trunk " + number.trunkSid;
            throw TwilioApiError.badRequest(TwilioErrorCodes.TRUNK_VALIDATION_ERROR,
                    "Phone number " + phoneNumberSid + " is already associated with " + where);
        }
        number.trunkSid = trunk.sid;
        trunk.phoneNumbers.put(phoneNumberSid, clock.instant());
        return number;
    }

    Model.OwnedNumber trunkNumber(Model.Trunk trunk, String phoneNumberSid, String twilioPath) {
        if (!trunk.phoneNumbers.containsKey(phoneNumberSid)) {
            throw TwilioApiError.notFound(twilioPath);
        }
        return numbers.bySid(phoneNumberSid).orElseThrow(() -> TwilioApiError.notFound(twilioPath));
    }

    List<Model.OwnedNumber> trunkNumbers(Model.Trunk trunk) {
        return trunk.phoneNumbers.keySet().stream().flatMap(sid -> numbers.bySid(sid).stream()).toList();
    }

    void dissociate(Model.Trunk trunk, String phoneNumberSid, String twilioPath) {
        if (trunk.phoneNumbers.remove(phoneNumberSid) == null) {
            throw TwilioApiError.notFound(twilioPath);
        }
        numbers.bySid(phoneNumberSid).ifPresent(n -> n.trunkSid = null);
    }

    Model.CredentialList linkCredentialList(Model.Trunk trunk, String credentialListSid, String twilioPath) {
        Model.CredentialList list = sip.credentialList(credentialListSid)
                .orElseThrow(() -> TwilioApiError.notFound(twilioPath + "/" + credentialListSid));
        link(trunk.credentialLists, credentialListSid, "Credential List");
        return list;
    }

    Model.IpAccessControlList linkIpAccessControlList(Model.Trunk trunk, String aclSid, String twilioPath) {
        Model.IpAccessControlList acl = sip.ipAccessControlList(aclSid)
                .orElseThrow(() -> TwilioApiError.notFound(twilioPath + "/" + aclSid));
        link(trunk.ipAccessControlLists, aclSid, "IP Access Control List");
        return acl;
    }

    static void unlink(Map<String, ?> links, String sid, String twilioPath) {
        if (links.remove(sid) == null) {
            throw TwilioApiError.notFound(twilioPath);
        }
    }

    /** Puts back a trunk saved by an earlier run. */
    void restore(Model.Trunk trunk) {
        trunks.put(trunk.sid, trunk);
    }

    void clear() {
        trunks.clear();
    }

    private void link(Map<String, Instant> links, String sid, String what) {
        if (links.containsKey(sid)) {
            throw TwilioApiError.badRequest(TwilioErrorCodes.TRUNK_VALIDATION_ERROR,
                    what + " " + sid + " is already associated with this trunk");
        }
        links.put(sid, clock.instant());
    }

    private void checkDomain(String domainName, String trunkSid) {
        if (!DOMAIN.matcher(domainName).matches()) {
            throw TwilioApiError.badRequest(TwilioErrorCodes.TRUNK_VALIDATION_ERROR,
                    "DomainName must contain only letters, digits and '-' and end with pstn.twilio.com");
        }
        boolean taken = trunks.values().stream()
                .anyMatch(t -> !t.sid.equals(trunkSid) && domainName.equalsIgnoreCase(t.domainName));
        if (taken) {
            throw TwilioApiError.badRequest(TwilioErrorCodes.TRUNK_DOMAIN_TAKEN, "Trunk Domain already taken");
        }
    }

    private static void checkFriendlyName(String friendlyName) {
        if (friendlyName != null && friendlyName.length() > MAX_FRIENDLY_NAME) {
            throw TwilioApiError.invalidParameter("FriendlyName", friendlyName);
        }
    }
}
