package com.arkenos.telephony.agents;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.testing.Events;
import com.arkenos.telephony.testing.LocalStack;
import com.arkenos.telephony.testing.Routes;
import com.arkenos.telephony.wiring.AgentsWiring;
import com.arkenos.telephony.core.Env;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentsFunctionTest {
    private static Routes fn;

    @BeforeAll
    static void setUp() {
        fn = AgentsRoutes.on(Env.hosting(LocalStack.env("CreateAgentFunction"), AgentsWiring::current));
    }

    private static String user() {
        return "user-" + UUID.randomUUID();
    }

    private static JsonNode body(HttpResponse r) throws Exception {
        return Json.parse(r.body());
    }

    private static HttpResponse call(String user, String method, String path, String body) {
        return fn.handle(Events.asUser(user, method, path, body));
    }

    private static String create(String user, String json) throws Exception {
        HttpResponse r = call(user, "POST", "/api/agents", json);
        assertEquals(201, r.status(), r.body());
        return body(r).get("id").asText();
    }

    @Test
    void create_whenValid_returns201AndKeepsUnknownConfigKeys() throws Exception {
        String u = user();
        HttpResponse r = call(u, "POST", "/api/agents",
                "{\"name\":\"Front desk\",\"config\":{\"system_prompt\":\"Be kind\",\"custom\":{\"x\":[1,2]}}}");
        assertEquals(201, r.status(), r.body());
        JsonNode a = body(r);
        assertTrue(a.get("id").asText().matches("[0-9a-f-]{36}"));
        assertEquals("Front desk", a.get("name").asText());
        assertTrue(a.get("active").asBoolean());
        assertEquals(1, a.get("version").asLong());
        assertTrue(a.get("phone_number").isNull());
        JsonNode got = body(call(u, "GET", "/api/agents/" + a.get("id").asText(), null));
        assertEquals("Be kind", got.at("/config/system_prompt").asText());
        assertEquals(2, got.at("/config/custom/x/1").asInt());
    }

    @Test
    void list_whenOtherOwner_seesOnlyOwnAgents() throws Exception {
        String u1 = user();
        String u2 = user();
        String id = create(u1, "{\"name\":\"A\"}");
        JsonNode l1 = body(call(u1, "GET", "/api/agents", null));
        JsonNode l2 = body(call(u2, "GET", "/api/agents", null));
        assertEquals(1, l1.size());
        assertEquals(id, l1.at("/0/id").asText());
        assertEquals(0, l2.size());
        assertEquals(404, call(u2, "GET", "/api/agents/" + id, null).status());
        assertEquals(404, call(u2, "PATCH", "/api/agents/" + id, "{\"name\":\"stolen\"}").status());
        assertEquals(404, call(u2, "DELETE", "/api/agents/" + id, null).status());
        assertEquals("A", body(call(u1, "GET", "/api/agents/" + id, null)).get("name").asText());
    }

    @Test
    void list_whenMoreThanOnePage_followsCursorToEveryAgent() throws Exception {
        String u = user();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            ids.add(create(u, "{\"name\":\"agent " + i + "\"}"));
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse r = call(u, "GET", "/api/agents?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), null);
            body(r).forEach(a -> seen.add(a.get("id").asText()));
            cursor = r.headers().get("x-next-cursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(ids, seen);
        assertTrue(pages >= 3);
    }

    @Test
    void patch_mergesConfigAndBumpsVersion() throws Exception {
        String u = user();
        String id = create(u, "{\"name\":\"A\",\"config\":{\"system_prompt\":\"p\",\"voice_id\":\"v1\"}}");
        HttpResponse r = call(u, "PATCH", "/api/agents/" + id,
                "{\"config\":{\"voice_id\":null,\"first_message\":\"Hi\"},\"active\":false}");
        assertEquals(200, r.status(), r.body());
        JsonNode a = body(r);
        assertEquals(2, a.get("version").asLong());
        assertFalse(a.get("active").asBoolean());
        assertEquals("p", a.at("/config/system_prompt").asText());
        assertTrue(a.at("/config/voice_id").isMissingNode());
        assertEquals("Hi", a.at("/config/first_message").asText());
    }

    @Test
    void patch_whenStaleVersion_returns409AndChangesNothing() throws Exception {
        String u = user();
        String id = create(u, "{\"name\":\"A\"}");
        assertEquals(200, call(u, "PATCH", "/api/agents/" + id, "{\"name\":\"B\",\"version\":1}").status());
        HttpResponse stale = call(u, "PATCH", "/api/agents/" + id, "{\"name\":\"C\",\"version\":1}");
        assertEquals(409, stale.status());
        assertEquals("version_conflict", body(stale).at("/error/code").asText());
        assertEquals("B", body(call(u, "GET", "/api/agents/" + id, null)).get("name").asText());
    }

    @Test
    void badInput_answersJson4xxAndCreatesNothing() throws Exception {
        String u = user();
        Map<String, Integer> cases = Map.of(
                "{\"name\":", 400,
                "[]", 400,
                "{}", 400,
                "{\"name\":42}", 400,
                "{\"name\":\"x\",\"bogus\":1}", 400,
                "{\"name\":\"x\",\"config\":{\"first_message_mode\":\"shout\"}}", 400,
                "{\"name\":\"x\",\"config\":{\"webhooks\":{\"pre_call\":\"ftp://x\"}}}", 400,
                "{\"name\":\"a\\u0000b\"}", 400,
                "{\"name\":\"x\",\"config\":\"nope\"}", 400);
        for (Map.Entry<String, Integer> c : cases.entrySet()) {
            HttpResponse r = call(u, "POST", "/api/agents", c.getKey());
            assertEquals(c.getValue(), r.status(), c.getKey() + " -> " + r.body());
            assertNotNull(body(r).at("/error/code").textValue(), r.body());
        }
        assertEquals(0, body(call(u, "GET", "/api/agents", null)).size());
    }

    @Test
    void missingIdentity_returns401() throws Exception {
        HttpResponse r = fn.handle(Events.http("GET", "/api/agents", Map.of(), null));
        assertEquals(401, r.status());
        assertEquals("missing_identity", body(r).at("/error/code").asText());
    }

    @Test
    void jwtIdentity_whenHeaderDiffers_returns403() throws Exception {
        var e = Events.http("GET", "/api/agents", Map.of("x-user-id", "someone-else"), null);
        ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("requestContext")).putObject("authorizer")
                .putObject("jwt").putObject("claims").put("sub", "the-user");
        HttpResponse r = fn.handle(e);
        assertEquals(403, r.status());
        e.with("headers").remove("x-user-id");
        assertEquals(200, fn.handle(e).status());
    }

    @Test
    void get_whenIdIsNotAUuid_returns404() {
        assertEquals(404, call(user(), "GET", "/api/agents/..%2F..%2Fetc", null).status());
        assertEquals(404, call(user(), "GET", "/api/agents/agent_id%20%3D%20:x", null).status());
    }

    @Test
    void delete_whenNoNumber_removesAgent() throws Exception {
        String u = user();
        String id = create(u, "{\"name\":\"A\"}");
        assertEquals(204, call(u, "DELETE", "/api/agents/" + id, null).status());
        assertEquals(404, call(u, "GET", "/api/agents/" + id, null).status());
        assertEquals(404, call(u, "DELETE", "/api/agents/" + id, null).status());
    }

    @Test
    void delete_whenAgentHoldsNumber_returns409() throws Exception {
        String u = user();
        String id = create(u, "{\"name\":\"A\"}");
        LocalStack.dynamo().client().updateItem(b -> b.tableName("AgentsTable")
                .key(com.arkenos.telephony.core.agents.AgentStore.key(u, id))
                .updateExpression("SET phone_number = :p")
                .expressionAttributeValues(Map.of(":p",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("+15105550100"))));
        HttpResponse r = call(u, "DELETE", "/api/agents/" + id, null);
        assertEquals(409, r.status());
        assertEquals("agent_has_number", body(r).at("/error/code").asText());
        assertNull(body(call(u, "GET", "/api/agents/" + id, null)).get("missing"));
    }
}
