package com.arkenos.telephony.core.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * Checks a bearer token inside the function, for a route the HTTP API's JWT authorizer cannot guard because it also
 * takes another credential (the agent worker's key on {@code GET /api/agents/{id}}).
 */
@FunctionalInterface
public interface TokenCheck {
    /**
     * The claims of the {@code Authorization} header's token as the JWT authorizer would pass them (every claim a
     * string); empty when the token is not valid.
     */
    Optional<JsonNode> claims(String authorization);
}
