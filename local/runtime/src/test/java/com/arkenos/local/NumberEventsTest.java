package com.arkenos.local;

import com.arkenos.devkit.faults.Fault;
import com.arkenos.devkit.livekit.LiveKitOperations;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/telephony/numbers/{phone_number}/events}: a number's provisioning history, from its record. */
class NumberEventsTest {
    private final LocalRuntime runtime = TestStack.runtime();
    private final Http http = TestStack.http();
    private final Telephony api = new Telephony(http);
    private String user;

    @BeforeEach
    void fresh() {
        TestStack.reset();
        user = "owner-" + UUID.randomUUID();
    }

    private JsonNode events(String owner, String phone) {
        Http.Response r = http.send("GET", "/api/telephony/numbers/" + phone + "/events", owner, null,
                java.util.Map.of());
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static List<String> field(JsonNode events, String name) {
        List<String> out = new ArrayList<>();
        events.path("events").forEach(e -> out.add(e.path(name).asText(null)));
        return out;
    }

    @Test
    void events_ofAnActiveNumber_areItsRecordThenEachProvisioningStep_inOrder() {
        String agent = api.agent(user, "A");
        String phone = api.search("510", 10).get(0).get("phone_number").asText();
        assertEquals(200, api.buy(user, phone, agent).status());
        assertEquals("ACTIVE", api.awaitSettled(user, phone).get("status").asText());

        JsonNode history = events(user, phone);

        assertEquals(phone, history.get("phone_number").asText());
        assertEquals("ACTIVE", history.get("status").asText());
        List<String> types = field(history, "type");
        assertEquals("number_recorded", types.get(0), history.toString());
        assertEquals("purchased", history.at("/events/0/source").asText(), history.toString());
        assertEquals(List.of("EnsureTwilioTrunk", "EnsureInboundTrunk", "EnsureDispatchRule", "EnsureOutboundTrunk",
                "AttachToTwilioTrunk", "AddToInboundTrunk", "AddToOutboundTrunk", "MarkActive"),
                field(history, "step").subList(1, types.size()), history.toString());
        assertTrue(types.subList(1, types.size()).stream().allMatch("step_succeeded"::equals), history.toString());
        List<java.time.Instant> at = field(history, "at").stream().map(java.time.Instant::parse).toList();
        List<java.time.Instant> sorted = new ArrayList<>(at);
        sorted.sort(null);
        assertEquals(sorted, at, "oldest first");
        assertTrue(history.at("/events/1/resource_id").asText().startsWith("TK"), history.toString());
    }

    @Test
    void events_ofAFailedProvisioning_endWithTheStepThatFailed_andTheFailure() {
        String agent = api.agent(user, "A");
        String phone = api.search("415", 10).get(0).get("phone_number").asText();
        runtime.providers().liveKitSandbox().faults()
                .failNext(LiveKitOperations.SIP_CREATE_DISPATCH_RULE, 1000, Fault.SERVER_ERROR);
        try {
            assertEquals(200, api.buy(user, phone, agent).status());
            assertEquals("FAILED", api.awaitSettled(user, phone).get("status").asText());
        } finally {
            runtime.providers().liveKitSandbox().faults().clearFaults();
        }

        JsonNode history = events(user, phone);

        List<String> types = field(history, "type");
        assertEquals("operation_failed", types.get(types.size() - 1), history.toString());
        assertEquals("EnsureDispatchRule", history.at("/events/" + (types.size() - 1) + "/step").asText());
        JsonNode stepFailed = history.get("events").get(types.indexOf("step_failed"));
        assertEquals("EnsureDispatchRule", stepFailed.get("step").asText(), history.toString());
        assertEquals("livekit", stepFailed.at("/error/provider").asText(), history.toString());
        assertTrue(!field(history, "step").contains("MarkActive"), "no step ran after the failure: " + history);
    }

    @Test
    void events_ofAnotherOwnersNumber_orOfNoNumber_areNotFound() {
        String agent = api.agent(user, "A");
        String phone = api.search("510", 10).get(1).get("phone_number").asText();
        assertEquals(200, api.buy(user, phone, agent).status());
        api.awaitSettled(user, phone);

        for (String[] asked : new String[][] {{"owner-" + UUID.randomUUID(), phone}, {user, "not-a-number"},
                {user, "+15005550199"}}) {
            Http.Response r = http.send("GET", "/api/telephony/numbers/" + asked[1] + "/events", asked[0], null,
                    java.util.Map.of());
            assertEquals(404, r.status(), r.body());
            assertEquals("not_found", r.errorCode(), r.body());
        }
        Http.Response anonymous = http.send("GET", "/api/telephony/numbers/" + phone + "/events", null, null,
                java.util.Map.of());
        assertEquals(401, anonymous.status(), anonymous.body());
    }
}
