package com.arkenos.telephony.agents;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.auth.WorkerKey;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.testing.Events;
import com.arkenos.telephony.testing.LocalStack;
import com.arkenos.telephony.testing.Routes;
import com.arkenos.telephony.wiring.AgentsWiring;
import com.arkenos.telephony.core.Env;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent fields the Arkenos dashboard and worker send and read, and the worker's read-only access. */
class AgentsClientShapesTest {
    private static final String WORKER_KEY = "worker-key-for-tests";
    private static Routes fn;

    @BeforeAll
    static void setUp() {
        fn = AgentsRoutes.on(new AgentsWiring(LocalStack.env("CreateAgentFunction"), LocalStack.dynamo().client(),
                WorkerKey.fixed(WORKER_KEY), Clock.systemUTC()));
    }

    private static HttpResponse call(String user, String method, String path, String body) {
        return fn.handle(Events.asUser(user, method, path, body));
    }

    private static JsonNode json(HttpResponse r) throws Exception {
        return Json.parse(r.body());
    }

    private static String create(String user, String body) throws Exception {
        HttpResponse r = call(user, "POST", "/api/agents", body);
        assertEquals(201, r.status(), r.body());
        return json(r).get("id").asText();
    }

    @Test
    void create_withTheDashboardsBody_keepsProfileAndAnswersUserId() throws Exception {
        String u = "user-" + UUID.randomUUID();
        HttpResponse r = call(u, "POST", "/api/agents",
                "{\"name\":\"Custom\",\"description\":\"Custom code-driven agent\","
                + "\"type\":\"PIPELINE\",\"agent_mode\":\"CUSTOM\",\"config\":{},\"user_id\":\"" + u + "\"}");
        assertEquals(201, r.status(), r.body());
        JsonNode a = json(r);
        assertEquals("Custom code-driven agent", a.get("description").asText());
        assertEquals("PIPELINE", a.get("type").asText());
        assertEquals("CUSTOM", a.get("agent_mode").asText());
        assertEquals(u, a.get("user_id").asText());
        assertTrue(a.get("is_active").asBoolean());
        assertTrue(a.get("twilio_sid").isNull());
        JsonNode again = json(call(u, "GET", "/api/agents/" + a.get("id").asText(), null));
        assertEquals("CUSTOM", again.get("agent_mode").asText());
        assertEquals("Custom code-driven agent", again.get("description").asText());
    }

    @Test
    void create_whenBodyNamesAnotherUser_is403AndCreatesNothing() throws Exception {
        String u = "user-" + UUID.randomUUID();
        HttpResponse r = call(u, "POST", "/api/agents", "{\"name\":\"A\",\"user_id\":\"someone-else\"}");
        assertEquals(403, r.status(), r.body());
        assertEquals("identity_mismatch", json(r).at("/error/code").asText());
        assertEquals(json(r).at("/error/message").asText(), json(r).get("detail").asText());
        assertEquals(0, json(call(u, "GET", "/api/agents", null)).size());
    }

    @Test
    void create_whenProfileValuesUnknown_is400() throws Exception {
        String u = "user-" + UUID.randomUUID();
        assertEquals(400, call(u, "POST", "/api/agents", "{\"name\":\"A\",\"type\":\"ROBOT\"}").status());
        assertEquals(400, call(u, "POST", "/api/agents", "{\"name\":\"A\",\"agent_mode\":\"custom\"}").status());
        assertEquals(0, json(call(u, "GET", "/api/agents", null)).size());
    }

    @Test
    void save_withTheDashboardsWebhookObjects_storesThemAsSent() throws Exception {
        String u = "user-" + UUID.randomUUID();
        String id = create(u, "{\"name\":\"A\"}");
        String hooks = "{\"pre_call\":{\"enabled\":true,\"url\":\"https://crm.example.com/lookup\",\"method\":\"GET\","
                + "\"timeout\":5,\"headers\":[{\"key\":\"Authorization\",\"value\":\"Bearer x\"},"
                + "{\"key\":\"\",\"value\":\"\"}],"
                + "\"assignments\":[{\"variable\":\"name\",\"path\":\"customer.name\"}]},"
                + "\"post_call\":{\"enabled\":false,\"url\":\"\",\"method\":\"POST\",\"timeout\":10,\"headers\":[],"
                + "\"body\":\"\"}}";
        HttpResponse r = call(u, "PATCH", "/api/agents/" + id,
                "{\"name\":\"A\",\"config\":{\"webhooks\":" + hooks + "}}");
        assertEquals(200, r.status(), r.body());
        assertEquals(Json.parse(hooks), json(call(u, "GET", "/api/agents/" + id, null)).at("/config/webhooks"));
    }

    @Test
    void save_withAnOlderClientsUrlString_isStillAccepted() throws Exception {
        String u = "user-" + UUID.randomUUID();
        create(u, "{\"name\":\"A\",\"config\":{\"webhooks\":{\"pre_call\":\"https://x.example.com/pre\"}}}");
    }

    @Test
    void save_withBadWebhooks_is400AndChangesNothing() throws Exception {
        String u = "user-" + UUID.randomUUID();
        String id = create(u, "{\"name\":\"A\"}");
        for (String bad : new String[] {
                "{\"pre_call\":{\"enabled\":true,\"url\":\"\"}}",
                "{\"pre_call\":{\"enabled\":false,\"url\":\"ftp://x\"}}",
                "{\"pre_call\":{\"enabled\":true,\"url\":\"https://x.example.com\",\"method\":\"TRACE\"}}",
                "{\"pre_call\":{\"enabled\":true,\"url\":\"https://x.example.com\",\"timeout\":600}}",
                "{\"pre_call\":{\"enabled\":true,\"url\":\"https://x.example.com\",\"timeout\":0}}",
                "{\"pre_call\":{\"enabled\":true,\"url\":\"https://x.example.com\",\"headers\":{\"a\":\"b\"}}}",
                "{\"pre_call\":{\"enabled\":true,\"url\":\"https://x.example.com\","
                        + "\"headers\":[{\"key\":\"X\",\"value\":\"a\\r\\nInjected: 1\"}]}}",
                "{\"pre_call\":{\"enabled\":true,\"url\":\"https://x.example.com\","
                        + "\"headers\":[{\"key\":\"Bad Name\",\"value\":\"v\"}]}}",
                "{\"post_call\":{\"enabled\":\"yes\"}}",
                "{\"post_call\":{\"body\":42}}",
                "{\"pre_call\":42}"}) {
            HttpResponse r = call(u, "PATCH", "/api/agents/" + id, "{\"config\":{\"webhooks\":" + bad + "}}");
            assertEquals(400, r.status(), bad + " -> " + r.body());
            assertEquals("invalid_config", json(r).at("/error/code").asText(), r.body());
        }
        JsonNode stored = json(call(u, "GET", "/api/agents/" + id, null));
        assertEquals(1, stored.get("version").asLong());
        assertTrue(stored.at("/config/webhooks").isMissingNode());
    }

    @Test
    void workerKey_readsAnyOwnersAgent_withItsOwner() throws Exception {
        String u = "user-" + UUID.randomUUID();
        String id = create(u, "{\"name\":\"Front desk\",\"config\":{\"system_prompt\":\"Be kind\"}}");
        HttpResponse r = fn.handle(Events.http("GET", "/api/agents/" + id, Map.of("x-worker-key", WORKER_KEY), null));
        assertEquals(200, r.status(), r.body());
        assertEquals(u, json(r).get("user_id").asText());
        assertEquals("Be kind", json(r).at("/config/system_prompt").asText());
    }

    @Test
    void workerKey_whenWrong_is401_andNeverWrites() throws Exception {
        String u = "user-" + UUID.randomUUID();
        String id = create(u, "{\"name\":\"A\"}");
        HttpResponse wrong = fn.handle(Events.http("GET", "/api/agents/" + id, Map.of("x-worker-key", "guess"), null));
        assertEquals(401, wrong.status());
        assertTrue(json(wrong).get("detail").asText().length() > 0);
        Map<String, String> worker = Map.of("x-worker-key", WORKER_KEY, "content-type", "application/json");
        assertEquals(401, fn.handle(Events.http("PATCH", "/api/agents/" + id, worker, "{\"name\":\"B\"}")).status());
        assertEquals(401, fn.handle(Events.http("DELETE", "/api/agents/" + id, worker, null)).status());
        assertEquals(401, fn.handle(Events.http("GET", "/api/agents", worker, null)).status());
        assertEquals(401, fn.handle(Events.http("POST", "/api/agents", worker, "{\"name\":\"C\"}")).status());
        assertEquals("A", json(call(u, "GET", "/api/agents/" + id, null)).get("name").asText());
    }

    @Test
    void workerKey_whenAgentUnknown_is404() throws Exception {
        HttpResponse r = fn.handle(Events.http("GET", "/api/agents/" + UUID.randomUUID(),
                Map.of("x-worker-key", WORKER_KEY), null));
        assertEquals(404, r.status());
    }
}
