package com.arkenos.telephony.providers.twilio;

/**
 * Operation names carried by {@link com.arkenos.telephony.providers.ProviderException}. They match the local
 * sandbox's names (devkit {@code TwilioOperations}) so that logs, fault injection and errors line up.
 */
final class TwilioOps {
    static final String AVAILABLE_PHONE_NUMBERS_LIST = "AvailablePhoneNumbers.list";
    static final String INCOMING_PHONE_NUMBERS_CREATE = "IncomingPhoneNumbers.create";
    static final String INCOMING_PHONE_NUMBERS_LIST = "IncomingPhoneNumbers.list";
    static final String TRUNKS_CREATE = "Trunks.create";
    static final String TRUNKS_FETCH = "Trunks.fetch";
    static final String TRUNKS_UPDATE = "Trunks.update";
    static final String TRUNKS_LIST = "Trunks.list";
    static final String ORIGINATION_URLS_CREATE = "OriginationUrls.create";
    static final String ORIGINATION_URLS_LIST = "OriginationUrls.list";
    static final String TRUNK_PHONE_NUMBERS_CREATE = "TrunkPhoneNumbers.create";
    static final String TRUNK_PHONE_NUMBERS_FETCH = "TrunkPhoneNumbers.fetch";
    static final String TRUNK_PHONE_NUMBERS_DELETE = "TrunkPhoneNumbers.delete";
    static final String CREDENTIAL_LISTS_CREATE = "CredentialLists.create";
    static final String CREDENTIAL_LISTS_LIST = "CredentialLists.list";
    static final String CREDENTIALS_CREATE = "Credentials.create";
    static final String CREDENTIALS_LIST = "Credentials.list";
    static final String CREDENTIALS_DELETE = "Credentials.delete";
    static final String TRUNK_CREDENTIAL_LISTS_CREATE = "TrunkCredentialLists.create";
    static final String TRUNK_CREDENTIAL_LISTS_LIST = "TrunkCredentialLists.list";
    static final String IP_ACCESS_CONTROL_LISTS_CREATE = "IpAccessControlLists.create";
    static final String IP_ACCESS_CONTROL_LISTS_LIST = "IpAccessControlLists.list";
    static final String IP_ADDRESSES_CREATE = "IpAddresses.create";
    static final String IP_ADDRESSES_LIST = "IpAddresses.list";
    static final String TRUNK_IP_ACCESS_CONTROL_LISTS_CREATE = "TrunkIpAccessControlLists.create";
    static final String TRUNK_IP_ACCESS_CONTROL_LISTS_LIST = "TrunkIpAccessControlLists.list";

    private TwilioOps() {
    }
}
