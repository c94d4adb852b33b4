package com.arkenos.devkit.twilio;

/**
 * The Twilio error codes the sandbox answers with (https://www.twilio.com/docs/api/errors).
 * Where public material did not pin down the exact code Twilio uses for a case, the constant says so.
 */
public final class TwilioErrorCodes {
    /** Generic "Bad Request" from Twilio's error dictionary; used where no more specific code is documented. */
    public static final int BAD_REQUEST = 400;
    /** "Authenticate": the account SID / auth token pair was refused (HTTP 401). */
    public static final int AUTHENTICATE = 20003;
    /** "Method not allowed" (HTTP 405). */
    public static final int METHOD_NOT_ALLOWED = 20004;
    /** "The requested resource ... was not found" (HTTP 404). */
    public static final int NOT_FOUND = 20404;
    /** "Too Many Requests" (HTTP 429). */
    public static final int TOO_MANY_REQUESTS = 20429;
    /** "Internal Server Error" (HTTP 500). */
    public static final int INTERNAL_SERVER_ERROR = 20500;
    /** "PhoneNumber is invalid": not an E.164 number, or neither PhoneNumber nor AreaCode was given. */
    public static final int PHONE_NUMBER_INVALID = 21421;
    /** "PhoneNumber is not available": Twilio does not have it for sale (never in stock, or already owned). */
    public static final int PHONE_NUMBER_NOT_AVAILABLE = 21422;
    /** Elastic SIP Trunking "Maximum Number of Trunks reached". */
    public static final int MAX_TRUNKS_REACHED = 21244;
    /**
     * Elastic SIP Trunking "Trunk Validation Error": documented for a credential list or IP ACL already associated
     * with the trunk and for an invalid or duplicate termination URI. The sandbox also uses it for a phone number
     * that is already associated with a trunk (assumed: Twilio's exact code for that case is not public).
     */
    public static final int TRUNK_VALIDATION_ERROR = 21245;
    /** Elastic SIP Trunking "Trunk Domain already taken". */
    public static final int TRUNK_DOMAIN_TAKEN = 21248;
    /** Elastic SIP Trunking "Maximum Origination URIs reached". */
    public static final int MAX_ORIGINATION_URLS_REACHED = 21249;
    /**
     * A SIP credential whose password breaks Twilio's rules (at least 12 characters, a digit, mixed case).
     * Twilio's specific code for this is not public; the sandbox answers with the generic {@link #BAD_REQUEST}.
     */
    public static final int WEAK_CREDENTIAL_PASSWORD = BAD_REQUEST;

    private TwilioErrorCodes() {
    }

    /** The documentation page Twilio puts in {@code more_info}. */
    public static String moreInfo(int code) {
        return "https://www.twilio.com/docs/errors/" + code;
    }
}
