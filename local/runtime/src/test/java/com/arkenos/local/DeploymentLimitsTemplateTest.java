package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's template parameters reach the functions that enforce them: the allowlist and the call limit the calls
 * function, the number limit the numbers function, the call duration the dial step, and the dial step's
 * ReservedConcurrentExecutions is the parameter (0 leaves it unreserved). The HTTP API's secure defaults: JWT
 * identity, the execute-api endpoint off in header mode, stage throttling by parameter, CORS with no {@code *}.
 */
class DeploymentLimitsTemplateTest {
    private final SamTemplate template = SamTemplate.find();

    @SuppressWarnings("unchecked")
    private Map<String, Object> properties(String function) {
        Map<String, Object> resources = (Map<String, Object>) template.raw().get("Resources");
        return (Map<String, Object>) ((Map<String, Object>) resources.get(function)).get("Properties");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> environment(String function) {
        return (Map<String, Object>) ((Map<String, Object>) properties(function).get("Environment")).get("Variables");
    }

    @Test
    void parameterDefaults() {
        Map<String, Object> d = template.parameterDefaults();
        assertEquals("US,CA", String.valueOf(d.get("OutboundCountryAllowlist")));
        assertEquals("10", String.valueOf(d.get("MaxConcurrentCallsPerOwner")));
        assertEquals("25", String.valueOf(d.get("MaxNumbersPerOwner")));
        assertEquals("3600", String.valueOf(d.get("MaxCallDurationSeconds")));
        assertEquals("20", String.valueOf(d.get("DialReservedConcurrency")));
    }

    @Test
    void eachLimitReachesItsFunction() {
        assertEquals(Map.of("Fn::Join", List.of(",", Map.of("Ref", "OutboundCountryAllowlist"))),
                environment("PlaceOutboundCallFunction").get("OUTBOUND_COUNTRY_ALLOWLIST"));
        assertEquals(Map.of("Ref", "MaxConcurrentCallsPerOwner"),
                environment("PlaceOutboundCallFunction").get("MAX_CONCURRENT_CALLS_PER_OWNER"));
        assertEquals(Map.of("Ref", "MaxNumbersPerOwner"),
                environment("BuyNumberFunction").get("MAX_NUMBERS_PER_OWNER"));
        assertEquals(Map.of("Ref", "MaxCallDurationSeconds"),
                environment("DialCallFunction").get("MAX_CALL_DURATION_SECONDS"));
        assertEquals(Map.of("Fn::If", List.of("ReserveDialConcurrency", Map.of("Ref", "DialReservedConcurrency"),
                Map.of("Ref", "AWS::NoValue"))), properties("DialCallFunction").get("ReservedConcurrentExecutions"));
    }

    @SuppressWarnings("unchecked")
    @Test
    void theHttpApi_isJwtByDefault_closedInHeaderMode_throttled_andCorsNamesOrigins() {
        Map<String, Object> d = template.parameterDefaults();
        assertEquals("jwt", String.valueOf(d.get("AuthMode")));
        assertEquals("100", String.valueOf(d.get("ApiThrottlingBurstLimit")));
        assertEquals("50", String.valueOf(d.get("ApiThrottlingRateLimit")));
        List<String> origins = List.of(String.valueOf(d.get("CorsAllowedOrigins")).split(","));
        assertTrue(origins.stream().noneMatch(o -> o.strip().equals("*")), "no '*' by default: " + origins);

        Map<String, Object> api = properties("HttpApi");
        // Header mode trusts x-user-id: the public endpoint is off unless the owner comes from a checked JWT.
        assertEquals(Map.of("Fn::If", List.of("UseJwt", false, true)), api.get("DisableExecuteApiEndpoint"));
        Map<String, Object> conditions = (Map<String, Object>) template.raw().get("Conditions");
        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", "AuthMode"), "jwt")), conditions.get("UseJwt"));
        Map<String, Object> throttling = (Map<String, Object>) api.get("DefaultRouteSettings");
        assertEquals(Map.of("Ref", "ApiThrottlingBurstLimit"), throttling.get("ThrottlingBurstLimit"));
        assertEquals(Map.of("Ref", "ApiThrottlingRateLimit"), throttling.get("ThrottlingRateLimit"));
        assertEquals(Map.of("Ref", "CorsAllowedOrigins"),
                ((Map<String, Object>) api.get("CorsConfiguration")).get("AllowOrigins"));
        // Every function reads the mode (a route that lost its authorizer must not trust the header).
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) template.raw().get("Globals"))
                .get("Function");
        assertEquals(Map.of("Ref", "AuthMode"), ((Map<String, Object>) ((Map<String, Object>) globals
                .get("Environment")).get("Variables")).get("AUTH_MODE"));
    }
}
