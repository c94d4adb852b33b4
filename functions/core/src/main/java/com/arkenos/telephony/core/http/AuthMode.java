package com.arkenos.telephony.core.http;

import com.arkenos.telephony.core.Env;

/**
 * Who a request's owner is, as the deployment decides ({@code AUTH_MODE}, the template's {@code AuthMode}).
 * Unset means {@link #JWT}: a function that lost its configuration refuses requests rather than trusting a header.
 */
public enum AuthMode {
    /** The API Gateway JWT authorizer checked the token; the owner is its {@code sub}, never a header. */
    JWT,
    /**
     * The owner is the {@code x-user-id} header: only for a deployment whose public endpoint is off and whose own
     * gateway authenticates the user and sets the header.
     */
    HEADER;

    public static final String VARIABLE = "AUTH_MODE";

    public static AuthMode from(Env env) {
        String v = env.getOrDefault(VARIABLE, "jwt");
        return switch (v) {
            case "jwt" -> JWT;
            case "header" -> HEADER;
            default -> throw new IllegalStateException(VARIABLE + " must be jwt or header, not " + v);
        };
    }
}
