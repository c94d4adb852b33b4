package com.arkenos.telephony.core.auth;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpRequest;

import java.util.Arrays;

/**
 * Who may use the operator-only routes (granting account numbers, the shared SIP resources' state): a caller with the
 * operator's key ({@code x-operator-key}; deployed, the secret {@code OPERATOR_KEY_SECRET_ARN} names, locally
 * {@code OPERATOR_KEY}), or, in JWT mode, a user whose token carries the claim the operator names
 * ({@code OPERATOR_JWT_CLAIM}, {@code name=value}: {@code cognito:groups=operators} matches a token whose
 * {@code cognito:groups} is, or lists, {@code operators}). Nothing else is an operator; without either configured,
 * nobody is.
 */
public final class OperatorAccess {
    public static final String HEADER = "x-operator-key";
    private final KeySecret key;
    private final String claimName;
    private final String claimValue;

    OperatorAccess(KeySecret key, String claim) {
        this.key = key;
        int eq = claim == null ? -1 : claim.indexOf('=');
        this.claimName = eq > 0 ? claim.substring(0, eq).strip() : null;
        this.claimValue = eq > 0 ? claim.substring(eq + 1).strip() : null;
    }

    public static OperatorAccess from(Env env) {
        return new OperatorAccess(KeySecret.from(env, "OPERATOR_KEY_SECRET_ARN", "OPERATOR_KEY"),
                env.getOrDefault("OPERATOR_JWT_CLAIM", ""));
    }

    /** Refuses the request unless it comes from an operator: 401 without a credential, 403 with another one. */
    public void check(HttpRequest req) {
        var presented = req.header(HEADER);
        if (presented.isPresent()) {
            if (!key.matches(presented.get())) {
                throw ApiError.unauthorized("the operator key is not valid");
            }
            return;
        }
        if (claimName != null && !claimValue.isEmpty()) {
            var value = req.claim(claimName);
            if (value.isPresent()) {
                // API Gateway passes a list claim as one string, "[operators admins]"; BearerTokens joins it by spaces.
                String v = value.get().strip().replaceAll("^\\[|\\]$", "");
                boolean listed = Arrays.asList(v.split("[\\s,]+")).contains(claimValue);
                if (listed) {
                    return;
                }
                throw new ApiError(403, "not_an_operator", "this route is for the deployment's operators");
            }
        }
        throw ApiError.unauthorized("the operator's key (" + HEADER + ") or an operator's token is required");
    }
}
