package com.arkenos.devkit.twilio;

import java.util.List;

/**
 * The sandbox's operation names, as counted by {@link com.arkenos.devkit.faults.FaultPlan} and used to inject faults.
 * They name the Twilio resource and the verb, so a test reads like the API call it disturbs.
 */
public final class TwilioOperations {
    public static final String AVAILABLE_PHONE_NUMBERS_LIST = "AvailablePhoneNumbers.list";

    public static final String INCOMING_PHONE_NUMBERS_CREATE = "IncomingPhoneNumbers.create";
    public static final String INCOMING_PHONE_NUMBERS_LIST = "IncomingPhoneNumbers.list";
    public static final String INCOMING_PHONE_NUMBERS_FETCH = "IncomingPhoneNumbers.fetch";
    public static final String INCOMING_PHONE_NUMBERS_DELETE = "IncomingPhoneNumbers.delete";

    public static final String TRUNKS_CREATE = "Trunks.create";
    public static final String TRUNKS_FETCH = "Trunks.fetch";
    public static final String TRUNKS_UPDATE = "Trunks.update";
    public static final String TRUNKS_LIST = "Trunks.list";
    public static final String TRUNKS_DELETE = "Trunks.delete";

    public static final String ORIGINATION_URLS_CREATE = "OriginationUrls.create";
    public static final String ORIGINATION_URLS_LIST = "OriginationUrls.list";
    public static final String ORIGINATION_URLS_DELETE = "OriginationUrls.delete";

    public static final String TRUNK_PHONE_NUMBERS_CREATE = "TrunkPhoneNumbers.create";
    public static final String TRUNK_PHONE_NUMBERS_FETCH = "TrunkPhoneNumbers.fetch";
    public static final String TRUNK_PHONE_NUMBERS_DELETE = "TrunkPhoneNumbers.delete";
    public static final String TRUNK_PHONE_NUMBERS_LIST = "TrunkPhoneNumbers.list";

    public static final String CREDENTIAL_LISTS_CREATE = "CredentialLists.create";
    public static final String CREDENTIAL_LISTS_LIST = "CredentialLists.list";
    public static final String CREDENTIAL_LISTS_FETCH = "CredentialLists.fetch";
    public static final String CREDENTIAL_LISTS_DELETE = "CredentialLists.delete";
    public static final String CREDENTIALS_CREATE = "Credentials.create";
    public static final String CREDENTIALS_LIST = "Credentials.list";
    public static final String CREDENTIALS_DELETE = "Credentials.delete";

    public static final String TRUNK_CREDENTIAL_LISTS_CREATE = "TrunkCredentialLists.create";
    public static final String TRUNK_CREDENTIAL_LISTS_LIST = "TrunkCredentialLists.list";
    public static final String TRUNK_CREDENTIAL_LISTS_DELETE = "TrunkCredentialLists.delete";

    public static final String IP_ACCESS_CONTROL_LISTS_CREATE = "IpAccessControlLists.create";
    public static final String IP_ACCESS_CONTROL_LISTS_LIST = "IpAccessControlLists.list";
    public static final String IP_ACCESS_CONTROL_LISTS_FETCH = "IpAccessControlLists.fetch";
    public static final String IP_ACCESS_CONTROL_LISTS_DELETE = "IpAccessControlLists.delete";
    public static final String IP_ADDRESSES_CREATE = "IpAddresses.create";
    public static final String IP_ADDRESSES_LIST = "IpAddresses.list";

    public static final String TRUNK_IP_ACCESS_CONTROL_LISTS_CREATE = "TrunkIpAccessControlLists.create";
    public static final String TRUNK_IP_ACCESS_CONTROL_LISTS_LIST = "TrunkIpAccessControlLists.list";
    public static final String TRUNK_IP_ACCESS_CONTROL_LISTS_DELETE = "TrunkIpAccessControlLists.delete";

    /** Every operation the sandbox serves. */
    public static final List<String> ALL = List.of(
            AVAILABLE_PHONE_NUMBERS_LIST,
            INCOMING_PHONE_NUMBERS_CREATE, INCOMING_PHONE_NUMBERS_LIST, INCOMING_PHONE_NUMBERS_FETCH,
            INCOMING_PHONE_NUMBERS_DELETE,
            TRUNKS_CREATE, TRUNKS_FETCH, TRUNKS_UPDATE, TRUNKS_LIST, TRUNKS_DELETE,
            ORIGINATION_URLS_CREATE, ORIGINATION_URLS_LIST, ORIGINATION_URLS_DELETE,
            TRUNK_PHONE_NUMBERS_CREATE, TRUNK_PHONE_NUMBERS_FETCH, TRUNK_PHONE_NUMBERS_DELETE, TRUNK_PHONE_NUMBERS_LIST,
            CREDENTIAL_LISTS_CREATE, CREDENTIAL_LISTS_LIST, CREDENTIAL_LISTS_FETCH, CREDENTIAL_LISTS_DELETE,
            CREDENTIALS_CREATE, CREDENTIALS_LIST, CREDENTIALS_DELETE,
            TRUNK_CREDENTIAL_LISTS_CREATE, TRUNK_CREDENTIAL_LISTS_LIST, TRUNK_CREDENTIAL_LISTS_DELETE,
            IP_ACCESS_CONTROL_LISTS_CREATE, IP_ACCESS_CONTROL_LISTS_LIST, IP_ACCESS_CONTROL_LISTS_FETCH,
            IP_ACCESS_CONTROL_LISTS_DELETE, IP_ADDRESSES_CREATE, IP_ADDRESSES_LIST,
            TRUNK_IP_ACCESS_CONTROL_LISTS_CREATE, TRUNK_IP_ACCESS_CONTROL_LISTS_LIST,
            TRUNK_IP_ACCESS_CONTROL_LISTS_DELETE);

    private TwilioOperations() {
    }
}
