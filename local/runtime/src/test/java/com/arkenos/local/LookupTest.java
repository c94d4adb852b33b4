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

    /** The number keeps a copy of its agent: what the worker reads follows every change of the agent and the number. */
    @Test
    void lookup_answersTheAgentAsItIsNow_afterAnUpdateAndAReassign() {
        String agent = api.agent(user, "Front desk");
        String phone = activeNumber(agent, "617");
        Http.Response patched = http.send("PATCH", "/api/agents/" + agent, user,
                "{\"name\":\"Reception\",\"config\":{\"system_prompt\":\"You are the reception.\"}}", Map.of());
        assertEquals(200, patched.status(), patched.body());

        JsonNode after = lookup(phone, Map.of("x-worker-key", Telephony.WORKER_KEY)).json();
        assertEquals("Reception", after.get("name").asText());
        assertEquals("You are the reception.", after.at("/config/system_prompt").asText());

        String night = api.agent(user, "Night shift");
        assertEquals(200, api.reassign(user, phone, night).status());
        JsonNode moved = lookup(phone, Map.of("x-worker-key", Telephony.WORKER_KEY)).json();
        assertEquals(night, moved.get("agent_id").asText());
        assertEquals("Night shift", moved.get("name").asText());
        assertEquals("You are Night shift.", moved.at("/config/system_prompt").asText());
    }

    /**
     * One DynamoDB read on the live call (issue 17), counted on the function's own client; a number stored before it
     * kept the copy still answers, with a second read of its agent.
     */
    @Test
    void lookup_isOneRead_andANumberStoredWithoutItsCopyStillAnswers() throws Exception {
        String agent = api.agent(user, "Front desk");
        String phone = activeNumber(agent, "702");
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        var dynamo = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .endpointOverride(java.net.URI.create(TestStack.runtime().dynamo().endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(
                        new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                            @Override
                            public void beforeExecution(
                                    software.amazon.awssdk.core.interceptor.Context.BeforeExecution c,
                                    software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                                requests.incrementAndGet();
                            }
                        }))
                .build();
        var lookup = new com.arkenos.telephony.lookup.LookupFunction(dynamo,
                new com.arkenos.telephony.core.aws.Tables("AgentsTable", "NumbersTable", "CallsTable", "SipInfraTable",
                        "IdempotencyTable"),
                com.arkenos.telephony.core.auth.WorkerKey.fixed(Telephony.WORKER_KEY));
        String event = com.arkenos.telephony.core.http.HttpFunction.primingEvent("GET", "/api/telephony/lookup",
                "GET /api/telephony/lookup", Map.of("x-worker-key", Telephony.WORKER_KEY),
                Map.of("phone_number", phone), null);

        assertEquals(200, com.arkenos.telephony.core.http.HttpFunction.serve(lookup, event));
        assertEquals(1, requests.get(), "DynamoDB requests for one lookup");

        dynamo.updateItem(b -> b.tableName("NumbersTable")
                .key(Map.of("phone_number", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(phone)))
                .updateExpression("REMOVE route_name, route_config, route_active, route_version"));
        requests.set(0);
        Http.Response legacy = lookup(phone, Map.of("x-worker-key", Telephony.WORKER_KEY));
        assertEquals(200, legacy.status(), legacy.body());
        assertEquals("Front desk", legacy.json().get("name").asText());
        assertEquals(200, com.arkenos.telephony.core.http.HttpFunction.serve(lookup, event));
        assertEquals(2, requests.get(), "a number without its copy reads its agent too");
    }

    /** The lookup runs while a caller waits: its deployment package carries DynamoDB only. */
    @Test
    void lookupPackage_carriesNeitherTwilioNorLiveKitNorStepFunctions() throws Exception {
        String codeUri = SamTemplate.find().functions().stream().filter(f -> f.logicalId().equals("LookupFunction"))
                .findFirst().orElseThrow().codeUri();
        Path jar = SamTemplate.projectRoot().resolve(codeUri);
        assumeTrue(Files.isRegularFile(jar), "package the lookup function first (mvn install)");
        try (JarFile f = new JarFile(jar.toFile())) {
            List<String> names = f.stream().map(java.util.jar.JarEntry::getName).toList();
            assertTrue(names.contains("com/arkenos/telephony/lookup/LookupFunction.class"));
            for (String forbidden : List.of("com/twilio/", "io/livekit/", "software/amazon/awssdk/services/sfn/",
                    "livekit/", "com/arkenos/telephony/providers/",
                    // no SnapStart primer or stand-in either (issue 13): priming code ships in the other jars
                    "com/arkenos/telephony/priming/")) {
                assertTrue(names.stream().noneMatch(n -> n.startsWith(forbidden)),
                        "the lookup package holds " + forbidden);
            }
        }
    }
}
