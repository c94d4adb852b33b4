package com.arkenos.telephony.providers.twilio;

import java.util.List;
import java.util.Optional;

/**
 * The Twilio operations provisioning needs: buying numbers and wiring them to an Elastic SIP trunk with its
 * origination URLs and termination credentials / IP ACLs.
 *
 * <p>Every method makes real calls; lists follow Twilio's paging to the end. Failures are
 * {@link com.arkenos.telephony.providers.ProviderException}s: {@code Transient} for 429, 5xx and network
 * failures (retrying can help), {@code Permanent} for 4xx (it cannot), with Twilio's error code as provider code.
 * Methods documented as idempotent can be retried after a transient failure without harm. Phone numbers are E.164.
 */
public interface TwilioGateway {

    /** Numbers for sale that can take voice calls; at most {@code search.limit()} of them. */
    List<AvailableNumber> searchAvailable(NumberSearch search);

    /**
     * Buys {@code e164}. Not idempotent by itself: if a retry is refused as not available, use
     * {@link #findOwned(String)} to tell "we bought it on the first try" from "someone else has it".
     */
    OwnedNumber buy(String e164);

    Optional<OwnedNumber> findOwned(String e164);

    SipTrunk createTrunk(String friendlyName);

    /** Empty when Twilio answers 404. */
    Optional<SipTrunk> fetchTrunk(String trunkSid);

    List<SipTrunk> listTrunks();

    SipTrunk updateTrunkDomain(String trunkSid, String domainName);

    List<OriginationUrl> listOriginationUrls(String trunkSid);

    /** Creates an enabled origination URL. */
    OriginationUrl createOriginationUrl(String trunkSid, String friendlyName, String sipUrl, int priority, int weight);

    boolean isNumberOnTrunk(String trunkSid, String phoneNumberSid);

    /**
     * Associates an owned number with a trunk. Idempotent: a number already on this trunk is success;
     * a number on another trunk is a {@code Permanent} failure.
     */
    void associateNumber(String trunkSid, String phoneNumberSid);

    /** Idempotent: a number that is not (or no longer) on the trunk is success. */
    void removeNumber(String trunkSid, String phoneNumberSid);

    List<CredentialList> listCredentialLists();

    CredentialList createCredentialList(String friendlyName);

    /** The usernames in a credential list; Twilio never returns passwords. */
    List<String> listCredentialUsernames(String credentialListSid);

    void createCredential(String credentialListSid, String username, String password);

    /** Idempotent: an unknown username is success. */
    void deleteCredential(String credentialListSid, String username);

    /** SIDs of the credential lists linked to the trunk. */
    List<String> listTrunkCredentialLists(String trunkSid);

    /** Idempotent: a credential list already linked to the trunk is success. */
    void linkCredentialList(String trunkSid, String credentialListSid);

    IpAccessControlList createIpAccessControlList(String friendlyName);

    List<IpAccessControlList> listIpAccessControlLists();

    void addIpAddress(String ipAccessControlListSid, String friendlyName, String ipAddress);

    /** The addresses in an IP access control list. */
    List<String> listIpAddresses(String ipAccessControlListSid);

    /** Idempotent: an IP access control list already linked to the trunk is success. */
    void linkIpAccessControlList(String trunkSid, String ipAccessControlListSid);

    /** SIDs of the IP access control lists linked to the trunk. */
    List<String> listTrunkIpAccessControlLists(String trunkSid);
}
