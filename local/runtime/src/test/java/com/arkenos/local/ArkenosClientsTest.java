package com.arkenos.local;

import com.arkenos.devkit.livekit.DialOutcome;
import com.arkenos.devkit.livekit.InboundCall;
import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Arkenos clients' requests replayed as the public repository Arkenos-World/Arkenos sends them at commit 159e9e5
 * (paths with the product's {@code /api} base, trailing slashes, bodies, headers), plus the two headers
 * docs/arkenos-clients.md adds ({@code x-user-id} on every dashboard request, {@code x-worker-key} from the worker).
 * Each case names the client file and line it comes from and asserts, field by field, what that client reads from
 * the answer. Requests go through a client that follows redirects as fetch does; every answer, redirects included,
 * is checked against docs/openapi.yaml.
 */
class ArkenosClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORKER_KEY = Telephony.WORKER_KEY;
    private static final String TWILIO_EDGE = CallsTest.TWILIO_EDGE;

    private static LocalRuntime runtime;
    private static String base;
    private static String origin;
    private static Http fetchClient;
    private static Telephony api;
    private static LiveKitSandbox livekit;
    private String userId;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.create(SamTemplate.find(), new LocalRuntime.Options(0, "127.0.0.1", true, null)
                .withTimeScale(0.01).withProcessEnv(Map.of("RINGING_TIMEOUT_SECONDS", "2")));
        origin = "http://127.0.0.1:" + runtime.serve("127.0.0.1", 0).port();
        base = origin + "/api";
        api = new Telephony(new Http(origin));
        fetchClient = Http.followingRedirects(origin);
        livekit = runtime.providers().liveKitSandbox();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @BeforeEach
    void newUser() {
        runtime.dynamo().clear();
        runtime.providers().twilioSandbox().reset();
        livekit.reset();
        for (DialOutcome o : DialOutcome.values()) {
            livekit.setOutcomeDelay(o, Duration.ofMillis(200));
        }
        userId = "auth-user-" + UUID.randomUUID();
    }

    /** One request as {@code fetch(url, {method, headers, body})} sends it; redirects followed. */
    private static Http.Response fetch(String method, String url, Map<String, String> headers, String body) {
        return fetchClient.send(method, url.substring(origin.length()), null, body, headers);
    }

    private static String detail(Http.Response a) {
        return a.json().path("detail").asText(null);
    }

    /** The dashboard's headers: what its code sends, plus x-user-id on every request (the allowed change). */
    private Map<String, String> dashboard(boolean json) {
        return json ? Map.of("Content-Type", "application/json", "x-user-id", userId) : Map.of("x-user-id", userId);
    }

    private static Map<String, String> worker() {
        return Map.of("x-worker-key", WORKER_KEY);
    }

    /** agent-list.tsx:172-196 handleCreate: POST `${apiUrl}/agents/` with a template's body and the user's id. */
    private JsonNode createFromTemplate(String name) {
        String body = "{\"name\":\"" + name + "\",\"description\":\"Handles customer inquiries\",\"type\":\"PIPELINE\","
                + "\"config\":{\"system_prompt\":\"You are " + name + ", a support agent.\","
                + "\"first_message\":\"Hi, this is "
                + name + ".\",\"first_message_mode\":\"assistant_speaks_first\",\"llm_provider\":\"gemini\","
                + "\"llm_model\":\"gemini-3-flash-preview\",\"template\":\"customer-support\","
                + "\"voice_provider\":\"resemble\","
                + "\"voice_id\":\"v-123\",\"voice_name\":\"Ava\"},\"user_id\":\"" + userId + "\"}";
        Http.Response a = fetch("POST", base + "/agents/", dashboard(true), body);
        // agent-list.tsx:198-214 reads response.ok, newAgent.name (toast) and newAgent.id (router.push)
        assertEquals(201, a.status(), a.json().toString());
        assertEquals(name, a.json().get("name").asText());
        assertTrue(a.json().get("id").asText().matches("[0-9a-f-]{36}"));
        return a.json();
    }

    /** agent-settings.tsx:316-320 handleBuyNumber, after :303 handleSearchNumbers found the number. */
    private String buyFirstSearchResult(String agentId, String areaCode) {
        // agent-settings.tsx:301-303: URLSearchParams({limit: "5", area_code}) and no headers of its own
        Http.Response found = fetch("GET", base + "/telephony/numbers/search?limit=5&area_code=" + areaCode,
                dashboard(false), null);
        assertEquals(200, found.status());
        assertTrue(found.json().isArray() && found.json().size() > 0 && found.json().size() <= 5);
        JsonNode first = found.json().get(0);
        // agent-settings.tsx:280 reads {phone_number, friendly_name, locality?, region?}
        assertTrue(first.get("phone_number").asText().startsWith("+1" + areaCode));
        assertTrue(first.get("friendly_name").isTextual());
        String phone = first.get("phone_number").asText();
        Http.Response bought = fetch("POST", base + "/telephony/numbers/buy", dashboard(true),
                "{\"agent_id\":\"" + agentId + "\",\"phone_number\":\"" + phone + "\"}");
        // agent-settings.tsx:321-324 reads res.ok and data.phone_number
        assertEquals(200, bought.status(), bought.json().toString());
        assertEquals(phone, bought.json().get("phone_number").asText());
        api.await(userId, phone, Set.of("ACTIVE"), Duration.ofSeconds(30));
        return phone;
    }

    @Test
    void dashboard_agentsPages_createListOpenSaveDelete() {
        JsonNode created = createFromTemplate("Ava");
        String id = created.get("id").asText();
        // agent-list.tsx:231-244 handleCreateCustom
        Http.Response custom = fetch("POST", base + "/agents/", dashboard(true), "{\"name\":\"Coder\",\"description\":"
                + "\"Custom code-driven agent\",\"type\":\"PIPELINE\",\"agent_mode\":\"CUSTOM\","
                + "\"config\":{},\"user_id\":\"" + userId + "\"}");
        assertEquals(201, custom.status(), custom.json().toString());
        assertEquals("CUSTOM", custom.json().get("agent_mode").asText()); // agent-list.tsx:68 picks the card by it

        // app/dashboard/agents/page.tsx:20-30: GET `${apiUrl}/agents/` with x-user-id; `agents = await response.json()`
        Http.Response list = fetch("GET", base + "/agents/", Map.of("x-user-id", userId), null);
        assertEquals(200, list.status());
        assertTrue(list.json().isArray(), "AgentList maps over the answer");
        assertEquals(2, list.json().size());
        for (JsonNode a : list.json()) {
            // agent-list.tsx:105-121 Agent: id, name, description, type, is_active, phone_number?, agent_mode?, config
            assertTrue(a.get("id").isTextual() && a.get("name").isTextual() && a.get("description").isTextual());
            assertEquals("PIPELINE", a.get("type").asText());
            assertTrue(a.get("is_active").asBoolean());
            assertTrue(a.get("phone_number").isNull());
            assertTrue(a.get("config").isObject());
        }

        // app/dashboard/agents/[id]/page.tsx:25-38: GET `${apiUrl}/agents/${id}` with x-user-id; :47 reads agent_mode
        Http.Response opened = fetch("GET", base + "/agents/" + id, Map.of("x-user-id", userId), null);
        assertEquals(200, opened.status());
        assertEquals("STANDARD", opened.json().get("agent_mode").asText());
        // agent-settings.tsx:105-124 Agent: name, config.{system_prompt, first_message, llm_model, voice_id, template}
        assertEquals("Ava", opened.json().get("name").asText());
        assertEquals("customer-support", opened.json().at("/config/template").asText());
        assertEquals("v-123", opened.json().at("/config/voice_id").asText());
        // frontend/src/app/api/livekit/token/route.ts:62-67 reads agentData.agent_mode with the user's id
        assertEquals("STANDARD", fetch("GET", base + "/agents/" + id, Map.of("x-user-id", userId), null)
                .json().get("agent_mode").asText());

        // agent-settings.tsx:459-485 handleSave: PATCH with {...agent.config, edits, webhooks, functions}
        com.fasterxml.jackson.databind.node.ObjectNode config = opened.json().get("config").deepCopy();
        config.put("system_prompt", "New prompt").put("first_message", "Hello")
                .put("first_message_mode", "assistant_waits").put("llm_provider", "gemini")
                .put("llm_model", "gemini-2.5-flash").put("stt_provider", "deepgram").put("voice_id", "v-9");
        config.set("webhooks", json(DASHBOARD_WEBHOOKS));
        config.set("functions", json(FUNCTIONS));
        String saved = JSON.createObjectNode().put("name", "Ava 2").set("config", config).toString();
        Http.Response patched = fetch("PATCH", base + "/agents/" + id, dashboard(true), saved);
        assertEquals(200, patched.status(), patched.json().toString()); // :487 reads response.ok only
        JsonNode reread = fetch("GET", base + "/agents/" + id, Map.of("x-user-id", userId), null).json();
        assertEquals("Ava 2", reread.get("name").asText());
        assertEquals("gemini-2.5-flash", reread.at("/config/llm_model").asText());
        assertEquals(json(DASHBOARD_WEBHOOKS), reread.at("/config/webhooks"), "the webhooks come back as sent");
        assertEquals(json(FUNCTIONS), reread.at("/config/functions"));

        // agent-settings.tsx:509-516 handleDelete: DELETE with x-user-id; reads response.ok
        assertEquals(204, fetch("DELETE", base + "/agents/" + custom.json().get("id").asText(),
                Map.of("x-user-id", userId), null).status());
        assertEquals(1, fetch("GET", base + "/agents/", Map.of("x-user-id", userId), null).json().size());
    }

    @Test
    void dashboard_phoneTab_searchBuyCheckProvisionReassignRelease() {
        String ava = createFromTemplate("Ava").get("id").asText();
        String phone = buyFirstSearchResult(ava, "510");

        // agent-settings.tsx:433-452 handleTestPipeline: POST provision {agent_id}; reads data.status and data.steps
        Http.Response pipeline = fetch("POST", base + "/telephony/numbers/provision", dashboard(true),
                "{\"agent_id\":\"" + ava + "\"}");
        assertEquals(200, pipeline.status(), pipeline.json().toString());
        assertEquals("ready", pipeline.json().get("status").asText(), pipeline.json().toString());
        JsonNode steps = pipeline.json().get("steps");
        assertEquals(5, steps.size());
        assertEquals("LiveKit Inbound Trunk", steps.get(0).get("step").asText());
        assertEquals("LiveKit Dispatch Rule", steps.get(1).get("step").asText());
        assertEquals("Number on Inbound Trunk", steps.get(2).get("step").asText());
        assertEquals("Twilio SIP Trunk", steps.get(3).get("step").asText());
        assertEquals("LiveKit Outbound Trunk", steps.get(4).get("step").asText());
        for (JsonNode s : steps) {
            assertEquals("ok", s.get("status").asText(), s.toString()); // :976-988 colours rows by status
            assertFalse(s.get("detail").asText().contains("null"), s.toString());
        }
        assertTrue(steps.get(0).get("detail").asText().startsWith("Trunk ID: "));
        assertTrue(steps.get(1).get("detail").asText().startsWith("Rule ID: "));
        assertTrue(steps.get(2).get("detail").asText().startsWith(phone));
        assertTrue(steps.get(3).get("detail").asText().startsWith("Number SID: PN"), steps.get(3).toString());

        // the agent now shows its number and SID (agent-settings.tsx:111, :278 phone_number)
        JsonNode agent = fetch("GET", base + "/agents/" + ava, Map.of("x-user-id", userId), null).json();
        assertEquals(phone, agent.get("phone_number").asText());
        assertTrue(agent.get("twilio_sid").asText().startsWith("PN"));

        // agent-settings.tsx:340-351 handleAssignNumber first checks: GET check?phone_number=...; reads assigned,
        // agent_name (:1165), agent_id
        String bella = createFromTemplate("Bella").get("id").asText();
        Http.Response check = fetch("GET", base + "/telephony/numbers/check?phone_number="
                + URLEncoder.encode(phone, StandardCharsets.UTF_8), dashboard(false), null);
        assertEquals(200, check.status());
        assertTrue(check.json().get("assigned").asBoolean());
        assertEquals("Ava", check.json().get("agent_name").asText());
        assertEquals(ava, check.json().get("agent_id").asText());

        // agent-settings.tsx:381-403 handleReassignConfirm; reads phone_number, pipeline_result, source_agent_name
        Http.Response moved = fetch("POST", base + "/telephony/numbers/reassign", dashboard(true),
                "{\"phone_number\":\"" + phone + "\",\"target_agent_id\":\"" + bella + "\"}");
        assertEquals(200, moved.status(), moved.json().toString());
        assertEquals(phone, moved.json().get("phone_number").asText());
        assertEquals("Ava", moved.json().get("source_agent_name").asText());
        assertEquals("ready", moved.json().at("/pipeline_result/status").asText());
        assertEquals(5, moved.json().at("/pipeline_result/steps").size());

        // agent-settings.tsx:386-388 and :360-361 show err.detail when a request fails
        Http.Response again = fetch("POST", base + "/telephony/numbers/reassign", dashboard(true),
                "{\"phone_number\":\"" + phone + "\",\"target_agent_id\":\"" + bella + "\"}");
        assertEquals(409, again.status());
        assertTrue(detail(again).contains("already assigned"), again.json().toString());
        Http.Response assignTaken = fetch("POST", base + "/telephony/numbers/assign", dashboard(true),
                "{\"agent_id\":\"" + ava + "\",\"phone_number\":\"" + phone + "\"}");
        assertTrue(assignTaken.status() >= 400 && detail(assignTaken) != null, assignTaken.json().toString());

        // agent-settings.tsx:414-418 handleReleaseNumber: POST release {agent_id}; reads res.ok
        assertEquals(200, fetch("POST", base + "/telephony/numbers/release", dashboard(true),
                "{\"agent_id\":\"" + bella + "\"}").status());
        api.await(userId, phone, Set.of("RELEASED"), Duration.ofSeconds(30));
        // :437-441: provision of an agent without a number shows data.detail
        Http.Response none = fetch("POST", base + "/telephony/numbers/provision", dashboard(true),
                "{\"agent_id\":\"" + bella + "\"}");
        assertEquals(409, none.status());
        assertTrue(detail(none).contains("no phone number"), none.json().toString());

        // agent-settings.tsx:354-369 handleAssignNumber of the owner's released number; reads data.phone_number
        Http.Response assigned = fetch("POST", base + "/telephony/numbers/assign", dashboard(true),
                "{\"agent_id\":\"" + ava + "\",\"phone_number\":\"" + phone + "\"}");
        assertEquals(200, assigned.status(), assigned.json().toString());
        assertEquals(phone, assigned.json().get("phone_number").asText());
    }

    @Test
    void dashboard_outboundCallModal_placesPollsAndEnds() {
        String ava = createFromTemplate("Ava").get("id").asText();
        buyFirstSearchResult(ava, "212");
        String callee = "+14155550142";
        livekit.setDialOutcome(callee, DialOutcome.ANSWERED);

        // outbound-call-modal.tsx:177-199 handleInitiateCall: POST outbound {agent_id, phone_number}; reads
        // data.call_id
        Http.Response placed = fetch("POST", base + "/calls/outbound", dashboard(true),
                "{\"agent_id\":\"" + ava + "\",\"phone_number\":\"" + callee + "\"}");
        assertEquals(201, placed.status(), placed.json().toString());
        String callId = placed.json().get("call_id").asText();
        // outbound-call-modal.tsx:130-147 polls /status and reads data.call_status (lower-cased)
        assertEquals("answered", pollUntil(callId, Set.of("answered")));

        // outbound-call-modal.tsx:209-215 handleEndCall: POST end with Content-Type and x-user-id, no body
        assertEquals(200, fetch("POST", base + "/calls/" + callId + "/end", dashboard(true), null).status());
        assertEquals("completed", pollUntil(callId, Set.of("completed")));
    }

    @Test
    void dashboard_outboundCallModal_stopsRingingOnBusyAndRejected() {
        String ava = createFromTemplate("Ava").get("id").asText();
        buyFirstSearchResult(ava, "305");
        for (DialOutcome outcome : new DialOutcome[] {DialOutcome.BUSY, DialOutcome.REJECTED}) {
            String callee = outcome == DialOutcome.BUSY ? "+14155550486" : "+14155550603";
            livekit.setDialOutcome(callee, outcome);
            Http.Response placed = fetch("POST", base + "/calls/outbound", dashboard(true),
                    "{\"agent_id\":\"" + ava + "\",\"phone_number\":\"" + callee + "\"}");
            assertEquals(201, placed.status(), placed.json().toString());
            String callId = placed.json().get("call_id").asText();
            // outbound-call-modal.tsx:143-146: only "failed" or "no_answer" end the ringing
            assertEquals("failed", pollUntil(callId, Set.of("failed", "no_answer")));
            JsonNode status = fetch("GET", base + "/calls/" + callId + "/status", Map.of("x-user-id", userId), null)
                    .json();
            assertEquals(outcome.name(), status.get("outcome").asText());
            assertEquals(outcome == DialOutcome.BUSY ? 486 : 603, status.get("sip_status_code").asInt());
        }
        // outbound-call-modal.tsx:189-191 shows err.detail when the call cannot be placed
        Http.Response bad = fetch("POST", base + "/calls/outbound", dashboard(true),
                "{\"agent_id\":\"" + ava + "\",\"phone_number\":\"12\"}");
        assertEquals(400, bad.status());
        assertNotNull(detail(bad));
    }

    @Test
    void worker_inboundCall_looksUpTheNumberThenReadsTheAgent() {
        JsonNode created = createFromTemplate("Ava");
        String ava = created.get("id").asText();
        fetch("PATCH", base + "/agents/" + ava, dashboard(true),
                "{\"config\":{\"webhooks\":" + DASHBOARD_WEBHOOKS + "}}");
        String phone = buyFirstSearchResult(ava, "415");
        InboundCall call = livekit.placeInboundCall(phone, "+16505550100", TWILIO_EDGE);
        String trunkNumber = livekit.participant(call.roomName(), call.participantIdentity()).orElseThrow()
                .getAttributesMap().get("sip.trunkPhoneNumber");

        // agent/agent.py:166-169 lookup_agent_by_phone: GET lookup params={"phone_number": sip.trunkPhoneNumber}
        Http.Response lookup = fetch("GET", base + "/telephony/lookup?phone_number="
                + URLEncoder.encode(trunkNumber, StandardCharsets.UTF_8), worker(), null);
        assertEquals(200, lookup.status(), lookup.json().toString());
        assertEquals(ava, lookup.json().get("agent_id").asText()); // agent.py:520
        assertEquals("Ava", lookup.json().get("name").asText()); // agent.py:521

        // agent/agent.py:151 fetch_agent_config: GET `${BACKEND_API_URL}/agents/{agent_id}`, no user identity
        Http.Response agent = fetch("GET", base + "/agents/" + ava, worker(), null);
        assertEquals(200, agent.status(), agent.json().toString());
        JsonNode a = agent.json();
        assertEquals("You are Ava, a support agent.", a.at("/config/system_prompt").asText()); // agent.py:531
        assertEquals("Hi, this is Ava.", a.at("/config/first_message").asText()); // :532
        assertEquals("v-123", a.at("/config/voice_id").asText()); // :533
        assertEquals("assistant_speaks_first", a.at("/config/first_message_mode").asText()); // :534
        assertEquals("Ava", a.get("name").asText()); // :537
        assertEquals(userId, a.get("user_id").asText()); // :625-626 the session's owner
        JsonNode pre = a.at("/config/webhooks/pre_call"); // :563-598 reads the webhook as an object
        assertTrue(pre.get("enabled").asBoolean());
        assertEquals("https://crm.example.com/caller", pre.get("url").asText());
        assertEquals("GET", pre.get("method").asText());
        assertEquals(5, pre.get("timeout").asInt());
        assertEquals("Authorization", pre.at("/headers/0/key").asText());
        assertEquals("customer.name", pre.at("/assignments/0/path").asText());

        // without the key: 401 with detail; the key reads only, nothing else
        Http.Response anonymous = fetch("GET", base + "/agents/" + ava, Map.of(), null);
        assertEquals(401, anonymous.status());
        assertNotNull(detail(anonymous));
        Map<String, String> workerJson = Map.of("x-worker-key", WORKER_KEY, "Content-Type", "application/json");
        assertEquals(401, fetch("PATCH", base + "/agents/" + ava, workerJson, "{\"name\":\"x\"}").status());
        assertEquals(401, fetch("GET", base + "/agents/", worker(), null).status());
        assertEquals(401, fetch("POST", base + "/telephony/numbers/release", workerJson,
                "{\"agent_id\":\"" + ava + "\"}").status());
        assertEquals("Ava", fetch("GET", base + "/agents/" + ava, Map.of("x-user-id", userId), null).json()
                .get("name").asText());
    }

    @Test
    void nothingWeakened_anotherOwnerStillGets404_andNoIdentityIs401WithDetail() {
        String ava = createFromTemplate("Ava").get("id").asText();
        Map<String, String> stranger = Map.of("x-user-id", "someone-else", "Content-Type", "application/json");
        Http.Response foreign = fetch("GET", base + "/agents/" + ava, stranger, null);
        assertEquals(404, foreign.status());
        assertFalse(foreign.json().toString().contains("Ava"));
        assertEquals(404, fetch("PATCH", base + "/agents/" + ava, stranger, "{\"name\":\"x\"}").status());
        assertEquals(0, fetch("GET", base + "/agents/", stranger, null).json().size());
        // the dashboard as it is today sends no x-user-id on create (agent-list.tsx:176-178): refused, not guessed
        Http.Response anonymous = fetch("POST", base + "/agents/", Map.of("Content-Type", "application/json"),
                "{\"name\":\"A\",\"user_id\":\"" + userId + "\"}");
        assertEquals(401, anonymous.status());
        assertEquals("missing_identity", anonymous.json().at("/error/code").asText());
        assertEquals(anonymous.json().at("/error/message").asText(), detail(anonymous));
        // a body naming someone else than the header is refused
        Http.Response mismatch = fetch("POST", base + "/agents/", dashboard(true),
                "{\"name\":\"A\",\"user_id\":\"other\"}");
        assertEquals(403, mismatch.status());
        assertEquals(1, fetch("GET", base + "/agents/", Map.of("x-user-id", userId), null).json().size());
    }

    private String pollUntil(String callId, Set<String> wanted) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            Http.Response a = fetch("GET", base + "/calls/" + callId + "/status", Map.of("x-user-id", userId), null);
            String s = a.json().path("call_status").asText("").toLowerCase(java.util.Locale.ROOT);
            if (wanted.contains(s)) {
                return s;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("call " + callId + " never reached " + wanted);
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * webhook-config.tsx's state as agent-settings.tsx:266-268 saves it (DEFAULT_WEBHOOK_CONFIG at :165-182,
     * edited).
     */
    private static final String DASHBOARD_WEBHOOKS =
            "{\"pre_call\":{\"enabled\":true,\"url\":\"https://crm.example.com/caller\","
            + "\"method\":\"GET\",\"timeout\":5,\"headers\":[{\"key\":\"Authorization\","
            + "\"value\":\"Bearer crm-token\"}],"
            + "\"assignments\":[{\"variable\":\"customer_name\",\"path\":\"customer.name\"}]},"
            + "\"post_call\":{\"enabled\":false,"
            + "\"url\":\"\",\"method\":\"POST\",\"timeout\":10,\"headers\":[],\"body\":\"\"}}";
    /** function-config.tsx's FunctionDefinition (:77-85) with the endpoint shape of :139. */
    private static final String FUNCTIONS =
            "[{\"id\":\"fn-1\",\"name\":\"check_order\",\"description\":\"Looks up an order\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{}},"
            + "\"endpoint\":{\"url\":\"https://shop.example.com/orders\",\"method\":"
            + "\"POST\",\"headers\":[],\"timeout\":10},\"speak_during_execution\":false,\"speak_on_send\":\"\"}]";
}
