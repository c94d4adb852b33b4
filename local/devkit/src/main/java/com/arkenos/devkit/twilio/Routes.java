package com.arkenos.devkit.twilio;

import static com.arkenos.devkit.twilio.TwilioOperations.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The sandbox's endpoint table: what the gateway uses, plus deleting owned numbers and fetching or deleting SIP
 * lists (what other Twilio clients of the local stack, and its independent SDK checks, do), under {@code /api}
 * (api.twilio.com) and {@code /trunking} (trunking.twilio.com). Each route also names the 4xx that a {@code PERMANENT}
 * fault answers with, chosen to be what Twilio would plausibly refuse that operation with.
 */
final class Routes {
    /** API 2010-04-01 paths: the first group is always the AccountSid, checked and dropped by the dispatcher. */
    static final String API_PREFIX = "/api";
    private static final String ACCOUNT = "^/api/2010-04-01/Accounts/([^/]+)";
    private static final String TRUNK = "^/trunking/v1/Trunks/([^/]+)";
    private static final String ID = "/([^/]+)";

    private final List<Route> routes = new ArrayList<>();

    Routes(NumberHandlers numbers, SipHandlers sip, TrunkHandlers trunks) {
        Function<SandboxRequest, TwilioApiError> notFound = r -> TwilioApiError.notFound(r.twilioPath());
        Function<SandboxRequest, TwilioApiError> trunkValidation = r -> TwilioApiError.badRequest(
                TwilioErrorCodes.TRUNK_VALIDATION_ERROR, "Trunk Validation Error");
        Function<SandboxRequest, TwilioApiError> badFriendlyName = r -> TwilioApiError.invalidParameter(
                "FriendlyName", r.params().get("FriendlyName").orElse(""));

        add("GET", ACCOUNT + "/AvailablePhoneNumbers/([^/]+)/([^/]+)\\.json$", AVAILABLE_PHONE_NUMBERS_LIST,
                numbers::searchAvailable, notFound);
        add("POST", ACCOUNT + "/IncomingPhoneNumbers\\.json$", INCOMING_PHONE_NUMBERS_CREATE, numbers::buy,
                r -> TwilioApiError.badRequest(TwilioErrorCodes.PHONE_NUMBER_NOT_AVAILABLE,
                        "PhoneNumber " + r.params().get("PhoneNumber").orElse("") + " is not available"));
        add("GET", ACCOUNT + "/IncomingPhoneNumbers\\.json$", INCOMING_PHONE_NUMBERS_LIST, numbers::list, notFound);
        add("GET", ACCOUNT + "/IncomingPhoneNumbers" + ID + "\\.json$", INCOMING_PHONE_NUMBERS_FETCH,
                numbers::fetch, notFound);
        add("DELETE", ACCOUNT + "/IncomingPhoneNumbers" + ID + "\\.json$", INCOMING_PHONE_NUMBERS_DELETE,
                numbers::release, notFound);

        add("POST", ACCOUNT + "/SIP/CredentialLists\\.json$", CREDENTIAL_LISTS_CREATE, sip::createCredentialList,
                badFriendlyName);
        add("GET", ACCOUNT + "/SIP/CredentialLists\\.json$", CREDENTIAL_LISTS_LIST, sip::listCredentialLists,
                notFound);
        add("GET", ACCOUNT + "/SIP/CredentialLists" + ID + "\\.json$", CREDENTIAL_LISTS_FETCH,
                sip::fetchCredentialList, notFound);
        add("DELETE", ACCOUNT + "/SIP/CredentialLists" + ID + "\\.json$", CREDENTIAL_LISTS_DELETE,
                sip::deleteCredentialList, notFound);
        add("POST", ACCOUNT + "/SIP/CredentialLists" + ID + "/Credentials\\.json$", CREDENTIALS_CREATE,
                sip::createCredential, r -> TwilioApiError.badRequest(TwilioErrorCodes.WEAK_CREDENTIAL_PASSWORD,
                        "Password must be at least 12 characters long and contain a digit, an upper-case and a"
                                + " lower-case letter"));
        add("GET", ACCOUNT + "/SIP/CredentialLists" + ID + "/Credentials\\.json$", CREDENTIALS_LIST,
                sip::listCredentials, notFound);
        add("DELETE", ACCOUNT + "/SIP/CredentialLists" + ID + "/Credentials" + ID + "\\.json$", CREDENTIALS_DELETE,
                sip::deleteCredential, notFound);
        add("POST", ACCOUNT + "/SIP/IpAccessControlLists\\.json$", IP_ACCESS_CONTROL_LISTS_CREATE,
                sip::createIpAccessControlList, badFriendlyName);
        add("GET", ACCOUNT + "/SIP/IpAccessControlLists\\.json$", IP_ACCESS_CONTROL_LISTS_LIST,
                sip::listIpAccessControlLists, notFound);
        add("GET", ACCOUNT + "/SIP/IpAccessControlLists" + ID + "\\.json$", IP_ACCESS_CONTROL_LISTS_FETCH,
                sip::fetchIpAccessControlList, notFound);
        add("DELETE", ACCOUNT + "/SIP/IpAccessControlLists" + ID + "\\.json$", IP_ACCESS_CONTROL_LISTS_DELETE,
                sip::deleteIpAccessControlList, notFound);
        add("POST", ACCOUNT + "/SIP/IpAccessControlLists" + ID + "/IpAddresses\\.json$", IP_ADDRESSES_CREATE,
                sip::createIpAddress, r -> TwilioApiError.invalidParameter("IpAddress",
                        r.params().get("IpAddress").orElse("")));
        add("GET", ACCOUNT + "/SIP/IpAccessControlLists" + ID + "/IpAddresses\\.json$", IP_ADDRESSES_LIST,
                sip::listIpAddresses, notFound);

        add("POST", "^/trunking/v1/Trunks$", TRUNKS_CREATE, trunks::create,
                r -> TwilioApiError.badRequest(TwilioErrorCodes.MAX_TRUNKS_REACHED,
                        "Maximum Number of Trunks reached"));
        add("GET", "^/trunking/v1/Trunks$", TRUNKS_LIST, trunks::list, notFound);
        add("GET", TRUNK + "$", TRUNKS_FETCH, trunks::fetch, notFound);
        add("POST", TRUNK + "$", TRUNKS_UPDATE, trunks::update,
                r -> TwilioApiError.badRequest(TwilioErrorCodes.TRUNK_DOMAIN_TAKEN, "Trunk Domain already taken"));
        add("DELETE", TRUNK + "$", TRUNKS_DELETE, trunks::delete, notFound);

        add("POST", TRUNK + "/OriginationUrls$", ORIGINATION_URLS_CREATE, trunks::createOriginationUrl,
                r -> TwilioApiError.badRequest(TwilioErrorCodes.MAX_ORIGINATION_URLS_REACHED,
                        "Maximum Origination URIs reached"));
        add("GET", TRUNK + "/OriginationUrls$", ORIGINATION_URLS_LIST, trunks::listOriginationUrls, notFound);
        add("DELETE", TRUNK + "/OriginationUrls" + ID + "$", ORIGINATION_URLS_DELETE, trunks::deleteOriginationUrl,
                notFound);

        add("POST", TRUNK + "/PhoneNumbers$", TRUNK_PHONE_NUMBERS_CREATE, trunks::associateNumber, trunkValidation);
        add("GET", TRUNK + "/PhoneNumbers$", TRUNK_PHONE_NUMBERS_LIST, trunks::listNumbers, notFound);
        add("GET", TRUNK + "/PhoneNumbers" + ID + "$", TRUNK_PHONE_NUMBERS_FETCH, trunks::fetchNumber, notFound);
        add("DELETE", TRUNK + "/PhoneNumbers" + ID + "$", TRUNK_PHONE_NUMBERS_DELETE, trunks::dissociateNumber,
                notFound);

        add("POST", TRUNK + "/CredentialLists$", TRUNK_CREDENTIAL_LISTS_CREATE, trunks::linkCredentialList,
                trunkValidation);
        add("GET", TRUNK + "/CredentialLists$", TRUNK_CREDENTIAL_LISTS_LIST, trunks::listCredentialLists, notFound);
        add("DELETE", TRUNK + "/CredentialLists" + ID + "$", TRUNK_CREDENTIAL_LISTS_DELETE,
                trunks::unlinkCredentialList, notFound);

        add("POST", TRUNK + "/IpAccessControlLists$", TRUNK_IP_ACCESS_CONTROL_LISTS_CREATE,
                trunks::linkIpAccessControlList, trunkValidation);
        add("GET", TRUNK + "/IpAccessControlLists$", TRUNK_IP_ACCESS_CONTROL_LISTS_LIST,
                trunks::listIpAccessControlLists, notFound);
        add("DELETE", TRUNK + "/IpAccessControlLists" + ID + "$", TRUNK_IP_ACCESS_CONTROL_LISTS_DELETE,
                trunks::unlinkIpAccessControlList, notFound);
    }

    List<Route> all() {
        return List.copyOf(routes);
    }

    private void add(String method, String regex, String operation, Route.Handler handler,
                     Function<SandboxRequest, TwilioApiError> permanentFault) {
        routes.add(new Route(method, Pattern.compile(regex), operation, handler, permanentFault));
    }
}
