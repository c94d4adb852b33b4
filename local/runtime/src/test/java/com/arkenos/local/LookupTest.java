package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 5's "must show" for the inbound lookup, over HTTP on the local stack: the agent worker's call during a live
 * call, with the dialled number as LiveKit or Twilio may present it.
 */
class LookupTest {
    private final Telephony api = new Telephony(TestStack.http());
    private final Http http = TestStack.http();
    private String user;

    @BeforeEach
    void freshWorld() {
        TestStack.reset();
        user = "owner-" + UUID.randomUUID();
    }

    private String activeNumber(String agent, String areaCode) {
        String phone = api.search(areaCode, 5).get(0).get("phone_number").asText();
        assertEquals(200, api.buy(user, phone, agent).status());
        assertEquals("ACTIVE", api.awaitSettled(user, phone).get("status").asText());
        return phone;
    }

    private Http.Response lookup(String raw, Map<String, String> headers) {
        return http.send("GET", "/api/telephony/lookup?phone_number=" + URLEncoder.encode(raw, StandardCharsets.UTF_8),
                null, null, headers);
    }

    @Test
    void lookup_provisionedNumber_answersItsAgentInEveryDialledForm() {
        String other = api.agent(user, "Other desk");
        activeNumber(other, "212");
        String agent = api.agent(user, "Front desk");
        String phone = activeNumber(agent, "510");
        String digits = phone.substring(1);
        String grouped = "+" + digits.charAt(0) + "-" + digits.substring(1, 4) + "-" + digits.substring(4, 7) + "-"
                + digits.substring(7);

        for (String form : List.of(phone, digits, "tel:" + grouped, "sip:" + phone + "@sip.livekit.cloud;user=phone")) {
            Http.Response r = lookup(form, Map.of("x-worker-key", Telephony.WORKER_KEY));
            assertEquals(200, r.status(), form + " -> " + r.body());
            JsonNode body = r.json();
            assertEquals(agent, body.get("agent_id").asText(), form);
            assertEquals("Front desk", body.get("name").asText(), form);
            assertEquals("You are Front desk.", body.at("/config/system_prompt").asText(), form);
        }
        // The worker may also send its key as a bearer token.
        assertEquals(200, lookup(phone, Map.of("Authorization", "Bearer " + Telephony.WORKER_KEY)).status());
    }

    @Test
    void lookup_releasedOrUnknownNumberOrInactiveAgent_is404() {
        String agent = api.agent(user, "Front desk");
        String phone = activeNumber(agent, "415");
        assertEquals(200, lookup(phone, Map.of("x-worker-key", Telephony.WORKER_KEY)).status());

        assertEquals(200, http.send("PATCH", "/api/agents/" + agent, user, "{\"active\":false}", Map.of()).status());
        Http.Response inactive = lookup(phone, Map.of("x-worker-key", Telephony.WORKER_KEY));
        assertEquals(404, inactive.status());
        assertEquals("not_found", inactive.errorCode());
        assertEquals(200, http.send("PATCH", "/api/agents/" + agent, user, "{\"active\":true}", Map.of()).status());

        assertEquals(200, api.release(user, phone).status());
        assertEquals("RELEASED", api.awaitSettled(user, phone).get("status").asText());
        Http.Response released = lookup(phone, Map.of("x-worker-key", Telephony.WORKER_KEY));
        assertEquals(404, released.status(), released.body());
        assertEquals("not_found", released.errorCode());
        assertFalse(released.body().contains("Front desk"));

        assertEquals(404, lookup("+19995550100", Map.of("x-worker-key", Telephony.WORKER_KEY)).status());
        Http.Response garbage = lookup("not a number", Map.of("x-worker-key", Telephony.WORKER_KEY));
        assertEquals(400, garbage.status());
        assertEquals("invalid_phone_number", garbage.errorCode());
    }

    @Test
    void lookup_withoutTheWorkerCredential_is401() {
        String agent = api.agent(user, "Front desk");
        String phone = activeNumber(agent, "305");

        Http.Response none = lookup(phone, Map.of());
        assertEquals(401, none.status());
        assertEquals("unauthorized", none.errorCode());
        assertFalse(none.body().contains("Front desk"));
        assertEquals(401, lookup(phone, Map.of("x-worker-key", "guess")).status());
        assertEquals(401, lookup(phone, Map.of("Authorization", "Bearer guess")).status());
        // A dashboard user's identity is not the worker's credential.
        assertEquals(401, http.send("GET", "/api/telephony/lookup?phone_number=" + phone.replace("+", "%2B"), user,
                null, Map.of()).status());
    }

    /** The lookup runs while a caller waits: its deployment package carries DynamoDB only. */
    @Test
    void lookupPackage_carriesNeitherTwilioNorLiveKitNorStepFunctions() throws Exception {
        Path jar = SamTemplate.projectRoot().resolve("functions/lookup/target/lookup-1.0.0-SNAPSHOT-lambda.jar");
        assumeTrue(Files.isRegularFile(jar), "package the lookup function first (mvn install)");
        try (JarFile f = new JarFile(jar.toFile())) {
            List<String> names = f.stream().map(java.util.jar.JarEntry::getName).toList();
            assertTrue(names.contains("com/arkenos/telephony/lookup/LookupFunction.class"));
            for (String forbidden : List.of("com/twilio/", "io/livekit/", "software/amazon/awssdk/services/sfn/",
                    "livekit/", "com/arkenos/telephony/providers/",
                    // no SnapStart primer or stand-in either (issue 13): priming code ships in the other jars
                    "com/arkenos/telephony/priming/")) {
                assertTrue(names.stream().noneMatch(n -> n.startsWith(forbidden)), "the lookup package holds " + forbidden);
            }
        }
    }
}
