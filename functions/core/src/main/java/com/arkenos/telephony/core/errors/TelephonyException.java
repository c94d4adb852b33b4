package com.arkenos.telephony.core.errors;

import java.util.Map;

/**
 * What a service, a store or a domain class refuses, in the domain's words: a stable, lower_snake_case {@code code}
 * (the one written in docs/openapi.yaml), a sentence for people, and optional details. The kind (the subclass) says
 * what went wrong; which HTTP answer that is, is decided in one place, {@code core/http/HttpErrors}. Nothing here
 * knows about HTTP.
 */
public abstract class TelephonyException extends RuntimeException {
    private final String code;
    private final Map<String, String> details;

    protected TelephonyException(String code, String message) {
        this(code, message, Map.of());
    }

    protected TelephonyException(String code, String message, Map<String, String> details) {
        super(message);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public String code() {
        return code;
    }

    /** What else the refusal knows (empty unless a kind adds something); not part of the answer's body today. */
    public Map<String, String> details() {
        return details;
    }
}
