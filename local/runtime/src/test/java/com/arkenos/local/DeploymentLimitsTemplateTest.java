package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 14's template parameters reach the functions that enforce them: the allowlist and the call limit the calls
 * function, the number limit the numbers function, the call duration the dial step, and the dial step's
 * ReservedConcurrentExecutions is the parameter (0 leaves it unreserved).
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
        assertEquals(Map.of("Ref", "MaxNumbersPerOwner"), environment("BuyNumberFunction").get("MAX_NUMBERS_PER_OWNER"));
        assertEquals(Map.of("Ref", "MaxCallDurationSeconds"),
                environment("DialCallFunction").get("MAX_CALL_DURATION_SECONDS"));
        assertEquals(Map.of("Fn::If", List.of("ReserveDialConcurrency", Map.of("Ref", "DialReservedConcurrency"),
                Map.of("Ref", "AWS::NoValue"))), properties("DialCallFunction").get("ReservedConcurrentExecutions"));
    }
}
