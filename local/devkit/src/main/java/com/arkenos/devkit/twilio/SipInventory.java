package com.arkenos.devkit.twilio;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** SIP credential lists and IP access control lists (API 2010-04-01). Guarded by the sandbox lock. */
final class SipInventory {
    private static final int MAX_FRIENDLY_NAME = 64;
    private static final int MAX_USERNAME = 32;
    private static final int MIN_PASSWORD = 12;
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private final Sids sids;
    private final Clock clock;
    private final Map<String, Model.CredentialList> credentialLists = new LinkedHashMap<>();
    private final Map<String, Model.IpAccessControlList> ipAccessControlLists = new LinkedHashMap<>();
    private Consumer<String> onDelete = sid -> { };

    SipInventory(Sids sids, Clock clock) {
        this.sids = sids;
        this.clock = clock;
    }

    Model.CredentialList createCredentialList(String friendlyName) {
        checkFriendlyName(friendlyName);
        Model.CredentialList list = new Model.CredentialList(sids.next("CL"), friendlyName, clock.instant());
        credentialLists.put(list.sid, list);
        return list;
    }

    Optional<Model.CredentialList> credentialList(String sid) {
        return Optional.ofNullable(credentialLists.get(sid));
    }

    List<Model.CredentialList> credentialLists() {
        return new ArrayList<>(credentialLists.values());
    }

    /** Deleting a list also unlinks it from every trunk, as Twilio does not keep links to deleted lists. */
    void deleteCredentialList(Model.CredentialList list) {
        credentialLists.remove(list.sid);
        onDelete.accept(list.sid);
    }

    /** Called with the SID of each deleted credential list or IP access control list, under the sandbox lock. */
    void onDelete(Consumer<String> listener) {
        this.onDelete = listener;
    }

    Model.Credential addCredential(Model.CredentialList list, String username, String password) {
        if (username.length() > MAX_USERNAME) {
            throw TwilioApiError.invalidParameter("Username", username);
        }
        if (list.credentials.values().stream().anyMatch(c -> c.username().equals(username))) {
            throw TwilioApiError.badRequest(TwilioErrorCodes.BAD_REQUEST,
                    "Username " + username + " already exists in credential list " + list.sid);
        }
        if (!strongEnough(password)) {
            // The message describes the rule and never echoes the password.
            throw TwilioApiError.badRequest(TwilioErrorCodes.WEAK_CREDENTIAL_PASSWORD,
                    "Password must be at least 12 characters long and contain a digit, an upper-case and a"
                            + " lower-case letter");
        }
        Model.Credential credential = new Model.Credential(sids.next("CR"), list.sid, username, clock.instant());
        list.credentials.put(credential.sid(), credential);
        return credential;
    }

    void deleteCredential(Model.CredentialList list, String credentialSid, String twilioPath) {
        if (list.credentials.remove(credentialSid) == null) {
            throw TwilioApiError.notFound(twilioPath);
        }
    }

    Model.IpAccessControlList createIpAccessControlList(String friendlyName) {
        checkFriendlyName(friendlyName);
        Model.IpAccessControlList acl =
                new Model.IpAccessControlList(sids.next("AL"), friendlyName, clock.instant());
        ipAccessControlLists.put(acl.sid, acl);
        return acl;
    }

    Optional<Model.IpAccessControlList> ipAccessControlList(String sid) {
        return Optional.ofNullable(ipAccessControlLists.get(sid));
    }

    List<Model.IpAccessControlList> ipAccessControlLists() {
        return new ArrayList<>(ipAccessControlLists.values());
    }

    void deleteIpAccessControlList(Model.IpAccessControlList acl) {
        ipAccessControlLists.remove(acl.sid);
        onDelete.accept(acl.sid);
    }

    Model.IpAddress addIpAddress(Model.IpAccessControlList acl, String friendlyName, String ipAddress,
                                 int cidrPrefixLength) {
        checkFriendlyName(friendlyName);
        if (!IPV4.matcher(ipAddress).matches()) {
            throw TwilioApiError.invalidParameter("IpAddress", ipAddress);
        }
        Model.IpAddress address = new Model.IpAddress(sids.next("IP"), acl.sid, friendlyName, ipAddress,
                cidrPrefixLength, clock.instant());
        acl.addresses.put(address.sid(), address);
        return address;
    }

    /** Puts back lists saved by an earlier run. */
    void restore(Model.CredentialList list) {
        credentialLists.put(list.sid, list);
    }

    void restore(Model.IpAccessControlList acl) {
        ipAccessControlLists.put(acl.sid, acl);
    }

    void clear() {
        credentialLists.clear();
        ipAccessControlLists.clear();
    }

    /** Twilio's documented rule: at least 12 characters, at least one digit, mixed case. */
    static boolean strongEnough(String password) {
        return password.length() >= MIN_PASSWORD
                && password.chars().anyMatch(Character::isDigit)
                && password.chars().anyMatch(Character::isUpperCase)
                && password.chars().anyMatch(Character::isLowerCase);
    }

    private static void checkFriendlyName(String friendlyName) {
        if (friendlyName.length() > MAX_FRIENDLY_NAME) {
            throw TwilioApiError.invalidParameter("FriendlyName", friendlyName);
        }
    }
}
