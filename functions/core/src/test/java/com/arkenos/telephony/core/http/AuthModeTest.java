package com.arkenos.telephony.core.http;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** In JWT mode (the default) only the authorizer's claims name the owner; the header counts in header mode alone. */
class AuthModeTest {
    private static ObjectNode event(String userHeader, String sub) {
        ObjectNode e = Json.object();
        e.put("version", "2.0").put("routeKey", "GET /api/agents").put("rawPath", "/api/agents");
        if (userHeader != null) {
            e.putObject("headers").put("x-user-id", userHeader);
        }
        ObjectNode ctx = e.putObject("requestContext");
        ctx.putObject("http").put("method", "GET").put("path", "/api/agents");
        if (sub != null) {
            ctx.putObject("authorizer").putObject("jwt").putObject("claims").put("sub", sub);
        }
        return e;
    }

    @Test
    void unset_isJwt_andAnythingElseIsADeploymentMistake() {
        assertEquals(AuthMode.JWT, AuthMode.from(Env.of(Map.of())));
        assertEquals(AuthMode.JWT, AuthMode.from(Env.of(Map.of("AUTH_MODE", "jwt"))));
        assertEquals(AuthMode.HEADER, AuthMode.from(Env.of(Map.of("AUTH_MODE", "header"))));
        assertThrows(IllegalStateException.class, () -> AuthMode.from(Env.of(Map.of("AUTH_MODE", "none"))));
    }

    @Test
    void jwtMode_withoutClaims_is401_whateverTheHeaderSays() {
        ApiError e = assertThrows(ApiError.class,
                () -> HttpRequest.fromEvent(event("user-a", null), AuthMode.JWT).owner());
        assertEquals(401, e.status());
        assertEquals("missing_token", e.code());
    }

    @Test
    void jwtMode_withClaims_isTheSubject_andADifferentHeaderIs403() {
        assertEquals("user-b", HttpRequest.fromEvent(event(null, "user-b"), AuthMode.JWT).owner());
        assertEquals("user-b", HttpRequest.fromEvent(event("user-b", "user-b"), AuthMode.JWT).owner());
        assertEquals(403, assertThrows(ApiError.class,
                () -> HttpRequest.fromEvent(event("user-a", "user-b"), AuthMode.JWT).owner()).status());
    }

    @Test
    void headerMode_takesTheHeader_andStillPrefersClaims() {
        assertEquals("user-a", HttpRequest.fromEvent(event("user-a", null), AuthMode.HEADER).owner());
        assertEquals(401, assertThrows(ApiError.class,
                () -> HttpRequest.fromEvent(event(null, null), AuthMode.HEADER).owner()).status());
        assertEquals(403, assertThrows(ApiError.class,
                () -> HttpRequest.fromEvent(event("user-a", "user-b"), AuthMode.HEADER).owner()).status());
    }
}
