package com.arkenos.telephony.core.auth;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.AuthMode;
import com.arkenos.telephony.core.http.HttpRequest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The operator-only routes' credential: the operator's key, or in JWT mode the claim the operator names. */
class OperatorAccessTest {
    private final OperatorAccess access = new OperatorAccess(new KeySecret(() -> "op-key", () -> { }),
            "cognito:groups=operators");

    private static HttpRequest request(AuthMode mode, Map<String, String> headers, Map<String, String> claims) {
        ObjectNode event = Json.object().put("rawPath", "/api/operator/sip-infrastructure");
        ObjectNode h = event.putObject("headers");
        headers.forEach(h::put);
        ObjectNode ctx = event.putObject("requestContext");
        ctx.putObject("http").put("method", "GET");
        if (claims != null) {
            ObjectNode c = ctx.putObject("authorizer").putObject("jwt").putObject("claims");
            claims.forEach(c::put);
        }
        return HttpRequest.fromEvent(event, mode);
    }

    private int status(HttpRequest r) {
        return assertThrows(ApiError.class, () -> access.check(r)).status();
    }

    @Test
    void theKey_isComparedExactly() {
        assertDoesNotThrow(() -> access.check(request(AuthMode.HEADER, Map.of("x-operator-key", "op-key"), null)));
        assertEquals(401, status(request(AuthMode.HEADER, Map.of("x-operator-key", "op-key "), null)));
        assertEquals(401, status(request(AuthMode.HEADER, Map.of("x-operator-key", ""), null)));
        assertEquals(401, status(request(AuthMode.HEADER, Map.of(), null)));
    }

    @Test
    void inJwtMode_theNamedClaim_asAValueOrInAList() {
        assertDoesNotThrow(() -> access.check(request(AuthMode.JWT, Map.of(),
                Map.of("sub", "u1", "cognito:groups", "operators"))));
        assertDoesNotThrow(() -> access.check(request(AuthMode.JWT, Map.of(),
                Map.of("sub", "u1", "cognito:groups", "[admins operators]"))));
        assertEquals(403, status(request(AuthMode.JWT, Map.of(),
                Map.of("sub", "u1", "cognito:groups", "[operatorsx]"))));
        assertEquals(401, status(request(AuthMode.JWT, Map.of(), Map.of("sub", "u1"))));
    }

    @Test
    void inHeaderMode_noClaimIsTrusted() {
        assertEquals(401, status(request(AuthMode.HEADER, Map.of("x-user-id", "u1"),
                Map.of("sub", "u1", "cognito:groups", "operators"))));
    }

    @Test
    void withNothingConfigured_nobodyIsAnOperator() {
        OperatorAccess none = new OperatorAccess(new KeySecret(() -> null, () -> { }), "");
        assertEquals(401, assertThrows(ApiError.class, () -> none.check(request(AuthMode.HEADER,
                Map.of("x-operator-key", "anything"), null))).status());
        assertEquals(401, assertThrows(ApiError.class, () -> none.check(request(AuthMode.JWT, Map.of(),
                Map.of("sub", "u1", "cognito:groups", "operators")))).status());
    }
}
