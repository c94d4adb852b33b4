package com.arkenos.telephony.numbers;

import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * The shared SIP pieces a number is routed through (the Twilio trunk, the LiveKit inbound trunk and its dispatch
 * rule, the LiveKit outbound trunk), as recorded and recently verified against their providers when the number's
 * provisioning started. Carried in the execution's input ({@code shared}): with it the state machine skips the four
 * Ensure steps, which would only read these same records, and the remaining steps act on these ids without reading
 * them again. A step that finds one of them gone falls back to the records.
 */
public record SharedRoute(String twilioTrunk, String inboundTrunk, String dispatchRule, String outboundTrunk) {
    static final String FIELD = "shared";

    /** The execution input's {@code shared} object: {@code verified} false when there is no route to skip with. */
    static ObjectNode toJson(Optional<SharedRoute> route) {
        ObjectNode o = Json.object();
        o.put("verified", route.isPresent());
        route.ifPresent(r -> o.put("twilio_trunk", r.twilioTrunk).put("inbound_trunk", r.inboundTrunk)
                .put("dispatch_rule", r.dispatchRule).put("outbound_trunk", r.outboundTrunk));
        return o;
    }

    /** The route a step's input carries, if it carries a verified one (inputs of older executions carry none). */
    public static Optional<SharedRoute> from(JsonNode shared) {
        if (shared == null || !shared.path("verified").asBoolean(false)) {
            return Optional.empty();
        }
        String twilio = shared.path("twilio_trunk").asText("");
        String inbound = shared.path("inbound_trunk").asText("");
        String rule = shared.path("dispatch_rule").asText("");
        String outbound = shared.path("outbound_trunk").asText("");
        if (twilio.isEmpty() || inbound.isEmpty() || rule.isEmpty() || outbound.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SharedRoute(twilio, inbound, rule, outbound));
    }
}
