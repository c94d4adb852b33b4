package com.arkenos.local;

import com.arkenos.devkit.faults.Fault;
import com.arkenos.devkit.livekit.DialOutcome;
import com.arkenos.devkit.livekit.DialRequest;
import com.arkenos.devkit.livekit.InboundCall;
import com.arkenos.devkit.livekit.LiveKitOperations;
import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.devkit.twilio.SandboxCredentialList;
import com.arkenos.devkit.twilio.TwilioSandbox;
import com.arkenos.telephony.providers.livekit.LiveKitCredentials;
import com.arkenos.telephony.providers.livekit.SdkLiveKitGateway;
import com.arkenos.telephony.provisioning.InfraStore;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import io.livekit.server.AccessToken;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5's "must show" for calls, over HTTP on a local stack of its own: outbound calls through the asynchronous
 * dial step and the LiveKit sandbox's simulated callees, the first call's outbound trunk, call records, and the
 * LiveKit webhook (signature check, inbound records, closing records).
 *
 * <p>The stack runs with {@code RINGING_TIMEOUT_SECONDS=2} (the deployed default is 45 s) and the sandbox's callees
 * answer or fail after a few hundred milliseconds, so every outcome arrives within seconds.
 */
class CallsTest {
    static final int RINGING_TIMEOUT_SECONDS = 2;
    static final String TWILIO_EDGE = "54.172.60.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalRuntime runtime;
    private static Http http;
    private static Telephony api;
    private static LiveKitSandbox livekit;
    private static TwilioSandbox twilio;
    private String user;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.create(SamTemplate.find(), new LocalRuntime.Options(0, "127.0.0.1", true, null)
                .withTimeScale(0.01)
                .withProcessEnv(Map.of("RINGING_TIMEOUT_SECONDS", Integer.toString(RINGING_TIMEOUT_SECONDS))));
        http = new Http("http://127.0.0.1:" + runtime.serve("127.0.0.1", 0).port());
        api = new Telephony(http);
        livekit = runtime.providers().liveKitSandbox();
        twilio = runtime.providers().twilioSandbox();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @BeforeEach
    void freshWorld() {
        runtime.dynamo().clear();
        twilio.reset();
        twilio.faults().clearFaults();
        twilio.faults().resetCounts();
        livekit.reset();
        // Callees answer, refuse or give up after a few hundred milliseconds, well inside the ringing timeout.
        for (DialOutcome o : DialOutcome.values()) {
            livekit.setOutcomeDelay(o, Duration.ofMillis(300));
        }
        user = "owner-" + UUID.randomUUID();
    }

    @AfterEach
    void letDialStepsFinish() throws InterruptedException {
        for (int i = 0; i < 500 && runtime.lambda().eventsInFlight() > 0; i++) {
            Thread.sleep(10);
        }
        livekit.drainWebhooks(Duration.ofSeconds(5));
    }

    // ------------------------------------------------------------------ outbound outcomes

    @Test
    void outbound_toAnsweringCallee_answersAt201ThenRecordsAnswered_andCompletesWhenCalleeHangsUp() {
        String agent = api.agent(user, "Sales");
        String from = activeNumber(agent, "510");
        String callee = "+14155550123";
        livekit.setDialOutcome(callee, DialOutcome.ANSWERED);
        livekit.setOutcomeDelay(DialOutcome.ANSWERED, Duration.ofMillis(800));

        long start = System.nanoTime();
        Http.Response placed = call(agent, callee);
        long answeredIn = (System.nanoTime() - start) / 1_000_000;
        assertEquals(201, placed.status(), placed.body());
        JsonNode body = placed.json();
        String callId = body.get("call_id").asText();
        String room = body.get("room_name").asText();
        assertEquals("RINGING", body.get("status").asText(), "answers without waiting for the callee");
        assertTrue(answeredIn < 800, "the request returned before the callee answered (" + answeredIn + " ms)");
        assertEquals("OUTBOUND", body.get("direction").asText());

        // The room exists with the agent dispatched and the call in its metadata.
        assertTrue(livekit.room(room).isPresent());
        JsonNode meta = parse(livekit.room(room).get().getMetadata());
        assertEquals(agent, meta.get("agent_id").asText());
        assertEquals(callId, meta.get("call_id").asText());
        assertTrue(livekit.agentDispatches(room).stream().anyMatch(d -> d.getAgentName().equals("arkenos-agent")));

        JsonNode answered = awaitStatus(callId, Set.of("ANSWERED"), Duration.ofSeconds(RINGING_TIMEOUT_SECONDS + 3));
        assertNotNull(answered.get("answered_at").textValue(), answered.toString());
        assertTrue(answered.get("ended_at").isNull());

        DialRequest dial = onlyDialTo(callee);
        assertEquals(from, dial.sipNumber(), "the agent's own number is the caller id");
        assertEquals(room, dial.roomName());
        assertEquals("phone-" + callee, dial.participantIdentity());
        assertEquals("phone-" + callee, answered.get("participant_identity").asText());
        assertEquals(dial.participantName(), answered.get("participant_name").asText());
        assertEquals(Duration.ofSeconds(RINGING_TIMEOUT_SECONDS), dial.ringingTimeout());
        // MaxCallDurationSeconds' default: LiveKit hangs up an hour-long call by itself
        assertEquals(Duration.ofSeconds(3600), dial.maxCallDuration());
        assertTrue(dial.waitUntilAnswered());
        assertEquals(from, answered.get("from_number").asText());
        assertEquals(callee, answered.get("to_number").asText());

        // The callee hangs up: LiveKit's participant_left webhook completes the call.
        assertTrue(livekit.hangUp(room, "phone-" + callee));
        JsonNode completed = awaitStatus(callId, Set.of("COMPLETED"), Duration.ofSeconds(5));
        assertNotNull(completed.get("ended_at").textValue());
        assertTrue(completed.get("duration").asLong() >= 0);

        // Ending it afterwards is harmless and changes nothing.
        Http.Response ended = http.post("/api/calls/" + callId + "/end", user, null);
        assertEquals(200, ended.status(), ended.body());
        assertEquals("COMPLETED", ended.json().get("status").asText());
        assertEquals(completed.get("ended_at"), ended.json().get("ended_at"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "BUSY, BUSY, 486",
            "NO_ANSWER, NO_ANSWER, 480",
            "REJECTED, REJECTED, 603",
            "UNREACHABLE, FAILED, 503"})
    void outbound_whenCalleeDoesNotConnect_recordsOutcomeWithSipStatus(DialOutcome outcome, String status, int sip) {
        String agent = api.agent(user, "Sales");
        activeNumber(agent, "212");
        String callee = "+14155550177";
        livekit.setDialOutcome(callee, outcome);

        Http.Response placed = call(agent, callee);
        assertEquals(201, placed.status(), placed.body());
        String callId = placed.json().get("call_id").asText();
        Instant start = Instant.now();

        JsonNode done = awaitStatus(callId, Set.of(status), Duration.ofSeconds(RINGING_TIMEOUT_SECONDS + 3));
        assertTrue(Duration.between(start, Instant.now()).toMillis() < (RINGING_TIMEOUT_SECONDS + 1) * 1000L,
                "recorded within the ringing timeout");
        assertEquals(sip, done.get("sip_status_code").asInt(), done.toString());
        assertNotNull(done.get("ended_at").textValue());
        assertEquals(0, done.get("duration").asLong());
        assertTrue(done.get("answered_at").isNull());
        assertTrue(livekit.room(placed.json().get("room_name").asText()).isEmpty(), "the agent's room is closed");

        JsonNode polled = http.get("/api/calls/" + callId + "/status", user).json();
        assertEquals("FAILED", polled.get("status").asText());
        // The dashboard's call modal knows only the product's values: BUSY and REJECTED are FAILED there.
        assertEquals(status.equals("NO_ANSWER") ? "NO_ANSWER" : "FAILED", polled.get("call_status").asText());
        assertEquals(status, polled.get("outcome").asText());
        // A FAILED call names its error code; a SIP failure (503 here) has none and is plain "failed".
        String failedReason = done.at("/error/code").isTextual() ? done.at("/error/code").asText() : "failed";
        assertEquals(status.equals("FAILED") ? failedReason : status.toLowerCase(java.util.Locale.ROOT),
                polled.get("failure_reason").asText(), polled.toString());
        assertEquals(sip, polled.get("sip_status_code").asInt());
        assertEquals("OUTBOUND", polled.get("call_direction").asText());
        assertEquals(callee, polled.get("outbound_phone_number").asText());
    }

    @Test
    void outbound_toSilentCallee_endsNoAnswerWhenTheRingingTimeoutRunsOut() {
        String agent = api.agent(user, "Sales");
        activeNumber(agent, "305");
        String callee = "+14155550188";
        livekit.setDialOutcome(callee, DialOutcome.NO_ANSWER);
        livekit.setOutcomeDelay(DialOutcome.NO_ANSWER, Duration.ofSeconds(60)); // the phone would ring for a minute

        Http.Response placed = call(agent, callee);
        assertEquals(201, placed.status(), placed.body());
        String callId = placed.json().get("call_id").asText();
        Instant start = Instant.now();

        JsonNode done = awaitStatus(callId, Set.of("NO_ANSWER"), Duration.ofSeconds(RINGING_TIMEOUT_SECONDS + 3));
        long waited = Duration.between(start, Instant.now()).toMillis();
        assertTrue(waited >= RINGING_TIMEOUT_SECONDS * 1000L - 500,
                "rang for the configured timeout (" + waited + " ms)");
        assertTrue(waited < (RINGING_TIMEOUT_SECONDS + 2) * 1000L, "and not longer (" + waited + " ms)");
        assertTrue(done.get("sip_status_code").isNull(), "LiveKit's own timeout carries no SIP status: " + done);
        assertEquals(RINGING_TIMEOUT_SECONDS, done.get("ringing_timeout_seconds").asInt());
        assertEquals(Duration.ofSeconds(RINGING_TIMEOUT_SECONDS), onlyDialTo(callee).ringingTimeout());
    }

    @Test
    void endCall_whileRinging_completesItAndTheLateOutcomeDoesNotOverwriteIt() {
        String agent = api.agent(user, "Sales");
        activeNumber(agent, "617");
        String callee = "+14155550199";
        livekit.setDialOutcome(callee, DialOutcome.BUSY);
        livekit.setOutcomeDelay(DialOutcome.BUSY, Duration.ofMillis(1200));

        String callId = call(agent, callee).json().get("call_id").asText();
        awaitDialTo(callee);
        Http.Response ended = http.post("/api/calls/" + callId + "/end", user, null);
        assertEquals(200, ended.status(), ended.body());
        assertEquals("COMPLETED", ended.json().get("status").asText());
        assertTrue(ended.json().get("success").asBoolean());

        letDialStepsFinishNow();
        JsonNode after = get(callId);
        assertEquals("COMPLETED", after.get("status").asText(), "a final status never changes: " + after);
        assertEquals(ended.json().get("ended_at"), after.get("ended_at"));
        Http.Response again = http.post("/api/calls/" + callId + "/end", user, null);
        assertEquals(200, again.status());
        assertEquals("COMPLETED", again.json().get("status").asText());
    }

    // ------------------------------------------------------------------ the first outbound call provisions once

    /** Ten concurrent first calls: one creates the outbound trunk under the lease, the others wait for it. */
    @Test
    void firstOutboundCalls_tenAtOnce_createExactlyOneOutboundTrunk() throws Exception {
        String agent = api.agent(user, "Sales");
        String from = activeNumber(agent, "415");
        InfraStore infra = beforeTheFirstOutboundCall();

        List<Callable<Http.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String callee = "+1415555" + String.format("%04d", 2000 + i);
            calls.add(() -> call(agent, callee));
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<String> ids = new ArrayList<>();
        try {
            for (Future<Http.Response> f : pool.invokeAll(calls)) {
                Http.Response r = f.get();
                assertEquals(201, r.status(), r.body());
                ids.add(r.json().get("call_id").asText());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, livekit.faults().calls(LiveKitOperations.SIP_CREATE_OUTBOUND_TRUNK), "created once");
        assertEquals(1, livekit.outboundTrunks().size());
        SIPOutboundTrunkInfo trunk = livekit.outboundTrunks().get(0);
        assertTrue(trunk.getNumbersList().contains(from));
        assertEquals(trunk.getSipTrunkId(), infra.get(SipInfrastructure.LIVEKIT_OUTBOUND).orElseThrow().get("id"),
                "recorded");
        // Termination auth matches on both sides, and nothing was rotated or duplicated on Twilio.
        assertEquals(twilio.trunks().get(0).domainName(), trunk.getAddress());
        assertEquals(1, twilio.credentialLists().size());
        SandboxCredentialList credentials = twilio.credentialLists().get(0);
        assertEquals(List.of(trunk.getAuthUsername()), credentials.usernames());
        assertTrue(twilio.trunks().get(0).credentialListSids().contains(credentials.sid()));

        for (String id : ids) {
            assertEquals("ANSWERED",
                    awaitStatus(id, Set.of("ANSWERED"), Duration.ofSeconds(10)).get("status").asText());
        }
        Set<String> trunksDialled = new HashSet<>();
        livekit.dialRequests().forEach(d -> trunksDialled.add(d.sipTrunkId()));
        assertEquals(Set.of(trunk.getSipTrunkId()), trunksDialled);
        assertEquals(10, livekit.dialRequests().size(), "every call dialled once");
    }

    @Test
    void firstOutboundCall_whenLiveKitFailsOnce_retriesAndCreatesOneTrunk() {
        String agent = api.agent(user, "Sales");
        activeNumber(agent, "512");
        beforeTheFirstOutboundCall();
        livekit.faults().failNext(LiveKitOperations.SIP_CREATE_OUTBOUND_TRUNK, 1, Fault.SERVER_ERROR);

        Http.Response placed = call(agent, "+14155550123");
        assertEquals(201, placed.status(), placed.body());
        assertEquals(2, livekit.faults().calls(LiveKitOperations.SIP_CREATE_OUTBOUND_TRUNK));
        assertEquals(1, livekit.outboundTrunks().size());
        awaitStatus(placed.json().get("call_id").asText(), Set.of("ANSWERED"), Duration.ofSeconds(5));
    }

    /**
     * A world where the agent's number is ACTIVE but the outbound trunk does not exist yet (as before the first
     * outbound call of a deployment). Provisioning the number made one, so this deletes LiveKit's outbound trunk
     * through the SDK gateway and forgets its record ({@code livekit_outbound_trunk}) in SipInfraTable. Twilio
     * termination (the credential list with its credential, linked to the trunk; the trunk's domain) stays recorded:
     * the first call has to create the LiveKit trunk again, with the same credentials.
     */
    private InfraStore beforeTheFirstOutboundCall() {
        SdkLiveKitGateway gateway = new SdkLiveKitGateway(
                LiveKitCredentials.of(livekit.url(), livekit.apiKey(), livekit.apiSecret()));
        InfraStore infra = new InfraStore(runtime.dynamo().client(), "SipInfraTable");
        gateway.deleteTrunk(infra.get(SipInfrastructure.LIVEKIT_OUTBOUND).orElseThrow().get("id"));
        infra.forget(SipInfrastructure.LIVEKIT_OUTBOUND);
        assertTrue(livekit.outboundTrunks().isEmpty());
        livekit.faults().resetCounts();
        return infra;
    }

    // ------------------------------------------------------------------ validation and scoping

    @Test
    void outbound_badRequests_areClear4xx() {
        String agent = api.agent(user, "No number yet");
        Http.Response noNumber = call(agent, "+14155550123");
        assertEquals(409, noNumber.status(), noNumber.body());
        assertEquals("no_active_number", noNumber.errorCode());

        Http.Response badPhone = call(agent, "4155550123");
        assertEquals(400, badPhone.status());
        assertEquals("invalid_phone_number", badPhone.errorCode());

        Http.Response notMine = http.post("/api/calls/outbound", "someone-else",
                "{\"agent_id\":\"" + agent + "\",\"phone_number\":\"+14155550123\"}");
        assertEquals(404, notMine.status());
        assertEquals("not_found", notMine.errorCode());

        Http.Response missing = http.post("/api/calls/outbound", user, "{\"agent_id\":\"" + agent + "\"}");
        assertEquals(400, missing.status());
        assertEquals("missing_field", missing.errorCode());

        Http.Response unknownField = http.post("/api/calls/outbound", user,
                "{\"agent_id\":\"" + agent + "\",\"phone_number\":\"+14155550123\",\"from\":\"+1\"}");
        assertEquals(400, unknownField.status());
        assertEquals("unknown_field", unknownField.errorCode());

        Http.Response noUser = http.post("/api/calls/outbound", null,
                "{\"agent_id\":\"" + agent + "\",\"phone_number\":\"+14155550123\"}");
        assertEquals(401, noUser.status());

        String active = api.agent(user, "Paused");
        activeNumber(active, "312");
        Http.Response paused = http.send("PATCH", "/api/agents/" + active, user, "{\"active\":false}", Map.of());
        assertEquals(200, paused.status(), paused.body());
        Http.Response inactive = call(active, "+14155550123");
        assertEquals(409, inactive.status(), inactive.body());
        assertEquals("agent_inactive", inactive.errorCode());
        assertTrue(livekit.dialRequests().isEmpty(), "nothing was dialled");
    }

    @Test
    void calls_areScopedToTheirOwner_listedNewestFirst_filteredAndPaged() {
        String sales = api.agent(user, "Sales");
        activeNumber(sales, "510");
        String support = api.agent(user, "Support");
        activeNumber(support, "212");
        livekit.setDialOutcome("+14155550486", DialOutcome.BUSY);
        String first = call(sales, "+14155550123").json().get("call_id").asText();
        String busy = call(sales, "+14155550486").json().get("call_id").asText();
        String third = call(support, "+14155550124").json().get("call_id").asText();
        awaitStatus(first, Set.of("ANSWERED"), Duration.ofSeconds(5));
        awaitStatus(busy, Set.of("BUSY"), Duration.ofSeconds(5));
        awaitStatus(third, Set.of("ANSWERED"), Duration.ofSeconds(5));

        Http.Response all = http.get("/api/calls", user);
        assertEquals(200, all.status(), all.body());
        assertEquals(List.of(third, busy, first), ids(all.json()));
        assertEquals(List.of(busy), ids(http.get("/api/calls?status=busy", user).json()));
        assertEquals(List.of(busy, first), ids(http.get("/api/calls?agent_id=" + sales, user).json()));
        assertEquals(List.of(third, busy, first), ids(http.get("/api/calls?direction=OUTBOUND", user).json()));
        assertEquals(List.of(), ids(http.get("/api/calls?direction=INBOUND", user).json()));

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = http.get("/api/calls?limit=1" + (cursor == null ? "" : "&cursor=" + cursor), user).json();
            paged.addAll(ids(page));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null && paged.size() < 10);
        assertEquals(List.of(third, busy, first), paged);

        assertEquals(400, http.get("/api/calls?status=RINGINGISH", user).status());
        assertEquals(400, http.get("/api/calls?direction=sideways", user).status());
        assertEquals(400, http.get("/api/calls?cursor=not-a-cursor", user).status());

        String stranger = "owner-" + UUID.randomUUID();
        assertEquals(0, http.get("/api/calls", stranger).json().get("calls").size());
        for (String path : List.of("/api/calls/" + first, "/api/calls/" + first + "/status")) {
            Http.Response r = http.get(path, stranger);
            assertEquals(404, r.status(), path);
            assertEquals("not_found", r.errorCode());
            assertFalse(r.body().contains("+1415"), "another owner's call must not leak");
        }
        Http.Response foreignEnd = http.post("/api/calls/" + first + "/end", stranger, null);
        assertEquals(404, foreignEnd.status());
        assertEquals("ANSWERED", get(first).get("status").asText(), "a stranger cannot end the call");
        assertEquals(404, http.get("/api/calls/not-a-call-id", user).status());
        assertEquals(404, http.get("/api/calls/" + UUID.randomUUID(), user).status());
    }

    // ------------------------------------------------------------------ the LiveKit webhook

    @Test
    void webhook_unsignedOrForged_isRefused() throws Exception {
        String body = "{\"event\":\"room_finished\",\"room\":{\"sid\":\"RM_x\",\"name\":\"call-_+14155550123_x\"},"
                + "\"id\":\"EV_x\",\"createdAt\":\"1795510800\"}";
        Http.Response unsigned = webhook(body, null);
        assertEquals(401, unsigned.status(), unsigned.body());
        assertEquals("unauthorized", unsigned.errorCode());

        AccessToken forged = new AccessToken(livekit.apiKey(), "not-the-api-secret");
        forged.setSha256(Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8))));
        assertEquals(401, webhook(body, forged.toJwt()).status(), "signed with another secret");

        String signed = livekit.signWebhook(body);
        assertEquals(401, webhook(body.replace("RM_x", "RM_y"), signed).status(), "body altered after signing");
        assertEquals(401, webhook(body, "not.a.jwt").status());

        Http.Response genuine = webhook(body, signed);
        assertEquals(200, genuine.status(), genuine.body());
        assertEquals(200, webhook(body, "Bearer " + signed).status());
    }

    @Test
    void inboundCall_isRecordedWhenTheCallerJoins_andClosedWhenTheRoomFinishes() {
        String agent = api.agent(user, "Front desk");
        String number = activeNumber(agent, "510");
        String caller = "+14155550123";

        InboundCall call = livekit.placeInboundCall(number, caller, TWILIO_EDGE);
        assertTrue(call.answered(), call.route().reason());
        assertTrue(livekit.drainWebhooks(Duration.ofSeconds(5)));
        JsonNode record = awaitInbound(1).get(0);
        String callId = record.get("call_id").asText();
        assertEquals("INBOUND", record.get("direction").asText());
        assertEquals("ANSWERED", record.get("status").asText(), record.toString());
        assertEquals(agent, record.get("agent_id").asText());
        assertEquals(number, record.get("to_number").asText());
        assertEquals(caller, record.get("from_number").asText());
        assertEquals(caller, record.get("phone_number").asText());
        assertEquals(call.roomName(), record.get("room_name").asText());
        assertEquals(call.participantIdentity(), record.get("participant_identity").asText());
        assertEquals(call.sipCallId(), record.get("sip_call_id").asText());

        // LiveKit may deliver a webhook again: the call is recorded once.
        livekit.webhookDeliveries().stream().filter(d -> d.event().equals("participant_joined")).findFirst()
                .ifPresent(d -> assertEquals(200, webhook(d.body(), d.authorization()).status()));
        assertEquals(1, inbound().size());

        livekit.finishRoom(call.roomName());
        assertTrue(livekit.drainWebhooks(Duration.ofSeconds(5)));
        JsonNode closed = awaitStatus(callId, Set.of("COMPLETED"), Duration.ofSeconds(5));
        assertNotNull(closed.get("ended_at").textValue());
        assertTrue(closed.get("duration").asLong() >= 0);
        assertEquals(1, inbound().size());
    }

    @Test
    void inboundCall_hungUpByTheCaller_isCompleted_andCallsToOtherOwnersAreNotShown() {
        String agent = api.agent(user, "Front desk");
        String number = activeNumber(agent, "617");
        InboundCall call = livekit.placeInboundCall(number, "+14155550999", TWILIO_EDGE);
        assertTrue(livekit.drainWebhooks(Duration.ofSeconds(5)));
        String callId = awaitInbound(1).get(0).get("call_id").asText();

        assertTrue(livekit.hangUp(call.roomName(), call.participantIdentity()));
        assertTrue(livekit.drainWebhooks(Duration.ofSeconds(5)));
        JsonNode closed = awaitStatus(callId, Set.of("COMPLETED"), Duration.ofSeconds(5));
        assertNotNull(closed.get("ended_at").textValue());
        assertEquals(404, http.get("/api/calls/" + callId, "owner-" + UUID.randomUUID()).status());
    }

    // ------------------------------------------------------------------ status callbacks

    @Test
    void callbackUrl_getsEachStatusChangeInOrder_fromTheCallsTableStream_andACallWithoutOneSendsNothing()
            throws Exception {
        List<JsonNode> received = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> eventIds = java.util.Collections.synchronizedList(new ArrayList<>());
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks/calls", ex -> {
            received.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            eventIds.add(ex.getRequestHeaders().getFirst("x-arkenos-event-id"));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try {
            String agent = api.agent(user, "Sales");
            activeNumber(agent, "510");
            String answering = "+14155550126";
            String busy = "+14155550127";
            livekit.setDialOutcome(answering, DialOutcome.ANSWERED);
            livekit.setDialOutcome(busy, DialOutcome.BUSY);
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/calls";

            Http.Response placed = http.post("/api/calls/outbound", user, "{\"agent_id\":\"" + agent
                    + "\",\"phone_number\":\"" + answering + "\",\"callback_url\":\"" + url + "\"}");
            assertEquals(201, placed.status(), placed.body());
            String callId = placed.json().get("call_id").asText();
            String room = placed.json().get("room_name").asText();
            awaitStatus(callId, Set.of("ANSWERED"), Duration.ofSeconds(5));
            assertTrue(livekit.hangUp(room, "phone-" + answering));
            awaitStatus(callId, Set.of("COMPLETED"), Duration.ofSeconds(5));

            String other = call(agent, busy).json().get("call_id").asText();
            awaitStatus(other, Set.of("BUSY"), Duration.ofSeconds(5));

            // Every status written so far has gone through the stream to the callback function.
            assertTrue(runtime.awaitStreams(Duration.ofSeconds(10)), "the calls table's stream was not drained");
            assertEquals(2, received.size(), received.toString());
            assertEquals(List.of("RINGING>ANSWERED", "ANSWERED>COMPLETED"), received.stream()
                    .map(b -> b.get("previous_status").asText() + ">" + b.at("/call/status").asText()).toList());
            for (JsonNode b : received) {
                assertEquals("call.status_changed", b.get("event").asText());
                assertEquals(callId, b.at("/call/call_id").asText());
                assertEquals(b.get("event_id").asText(), eventIds.get(received.indexOf(b)));
            }
            assertEquals(2, new HashSet<>(eventIds).size(), "each change has its own event id");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void callbackUrl_thatIsNotHttp_isRefusedWhenTheCallIsPlaced() {
        String agent = api.agent(user, "Sales");
        activeNumber(agent, "510");
        Http.Response r = http.post("/api/calls/outbound", user, "{\"agent_id\":\"" + agent
                + "\",\"phone_number\":\"+14155550128\",\"callback_url\":\"file:///etc/passwd\"}");
        assertEquals(400, r.status(), r.body());
        assertEquals("invalid_callback_url", r.json().at("/error/code").asText());
        assertEquals(0, http.get("/api/calls", user).json().get("calls").size(), "nothing was placed");
    }

    // ------------------------------------------------------------------ calls whose dial step cannot report

    @Test
    void outbound_whoseDialEventWasLost_isSettledFailedWhenRead_andItsRoomIsClosed() {
        String callId = finishedCall("+14155550123", DialOutcome.ANSWERED, "ANSWERED");
        String room = get(callId).get("room_name").asText();
        // As if the asynchronous dial event had been dropped: placed 10 minutes ago, never taken by a dial step.
        rewind(callId, Map.of("created_at", ago(Duration.ofMinutes(10))), "dial_started_at", "answered_at", "ended_at");
        assertEquals("RINGING", rawStatus(callId));

        JsonNode settled = get(callId);
        assertEquals("FAILED", settled.get("status").asText(), settled.toString());
        assertEquals("dial_not_started", settled.path("error").path("code").asText(), settled.toString());
        assertTrue(livekit.room(room).isEmpty(), "the room waiting for the callee is closed");
        assertEquals("FAILED", rawStatus(callId), "settled in the table, not only in the answer");
        assertEquals("FAILED", get(callId).get("status").asText(), "settling again changes nothing");
    }

    @Test
    void outbound_whoseDialStepDiedWithTheCalleeInTheRoom_isSettledAnswered() {
        String callId = finishedCall("+14155550124", DialOutcome.ANSWERED, "ANSWERED");
        // The dial step took the call 10 minutes ago and died before recording that the callee answered.
        rewind(callId, Map.of("dial_started_at", ago(Duration.ofMinutes(10))), "answered_at", "ended_at");

        JsonNode settled = get(callId);
        assertEquals("ANSWERED", settled.get("status").asText(), settled.toString());
        assertNotNull(settled.get("answered_at").textValue());
    }

    @Test
    void outbound_whoseDialStepDiedWithoutACallee_isSettledFailed_inTheListToo_butARecentCallIsLeftRinging() {
        String callId = finishedCall("+14155550125", DialOutcome.BUSY, "BUSY");

        // Taken by its dial step just now: still within its ringing timeout, nothing is decided for it.
        rewind(callId, Map.of("dial_started_at", ago(Duration.ofSeconds(1))),
                "ended_at", "sip_status_code", "sip_status");
        assertEquals("RINGING", get(callId).get("status").asText());

        rewind(callId, Map.of("dial_started_at", ago(Duration.ofMinutes(10))), "ended_at");
        Http.Response list = http.get("/api/calls?direction=OUTBOUND", user);
        assertEquals(200, list.status(), list.body());
        JsonNode listed = list.json().get("calls").get(0);
        assertEquals(callId, listed.get("call_id").asText());
        assertEquals("FAILED", listed.get("status").asText(), listed.toString());
        assertEquals("dial_outcome_lost", listed.path("error").path("code").asText());
        assertEquals("FAILED", rawStatus(callId));
    }

    /** A stale call nobody reads again: the scheduled sweep settles it, and frees its owner's live-call slot. */
    @Test
    void outbound_whoseDialEventWasLost_andNobodyReadsIt_isSettledByTheSweep() throws Exception {
        String callId = finishedCall("+14155550126", DialOutcome.ANSWERED, "ANSWERED");
        rewind(callId, Map.of("created_at", ago(Duration.ofMinutes(10))), "dial_started_at", "answered_at", "ended_at");
        // The dial step died before any final write, so the call still holds its owner's slot.
        Map<String, AttributeValue> slots = Map.of("call_id", AttributeValue.fromS("live-calls#" + user));
        runtime.dynamo().client().updateItem(b -> b.tableName("CallsTable").key(slots)
                .updateExpression("ADD live_calls :id")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(callId)))));

        JsonNode sweep = JSON.readTree(runtime.host().invoke("SweepFunction",
                "{\"source\":\"aws.scheduler\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(1, sweep.path("calls_settled").asInt(), sweep.toString());
        assertEquals("FAILED", rawStatus(callId));
        var held = runtime.dynamo().client().getItem(b -> b.tableName("CallsTable").key(slots).consistentRead(true))
                .item().get("live_calls");
        assertTrue(held == null || !held.ss().contains(callId), "the slot is free: " + held);
        assertEquals(0, JSON.readTree(runtime.host().invoke("SweepFunction", "{}".getBytes()))
                .path("calls_settled").asInt(), "a second sweep finds nothing");
    }

    /** A call placed by a new agent on a new number to {@code callee}, whose dial step has ended as {@code status}. */
    private String finishedCall(String callee, DialOutcome outcome, String status) {
        String agent = api.agent(user, "Sales");
        activeNumber(agent, "510");
        livekit.setDialOutcome(callee, outcome);
        String callId = call(agent, callee).json().get("call_id").asText();
        awaitStatus(callId, Set.of(status), Duration.ofSeconds(5));
        letDialStepsFinishNow();
        return callId;
    }

    /** Puts a call back to RINGING with {@code set} and without {@code remove}, straight in the table. */
    private void rewind(String callId, Map<String, String> set, String... remove) {
        Map<String, AttributeValue> key = Map.of("call_id",
                AttributeValue.fromS(callId));
        var item = new java.util.HashMap<>(runtime.dynamo().client().getItem(b -> b.tableName("CallsTable")
                .key(key).consistentRead(true)).item());
        item.put("status", AttributeValue.fromS("RINGING"));
        set.forEach((k, v) -> item.put(k, AttributeValue.fromS(v)));
        for (String r : remove) {
            item.remove(r);
        }
        item.remove("error_code");
        item.remove("error_message");
        runtime.dynamo().client().putItem(b -> b.tableName("CallsTable").item(item));
    }

    private String rawStatus(String callId) {
        return runtime.dynamo().client().getItem(b -> b.tableName("CallsTable").consistentRead(true)
                .key(Map.of("call_id", AttributeValue.fromS(callId))))
                .item().get("status").s();
    }

    private static String ago(Duration d) {
        return Instant.now().minus(d).toString();
    }

    // ------------------------------------------------------------------ helpers

    private String activeNumber(String agent, String areaCode) {
        String phone = api.search(areaCode, 5).get(0).get("phone_number").asText();
        Http.Response bought = api.buy(user, phone, agent);
        assertEquals(200, bought.status(), bought.body());
        JsonNode n = api.awaitSettled(user, phone);
        assertEquals("ACTIVE", n.get("status").asText(), n.toString());
        return phone;
    }

    private Http.Response call(String agent, String phone) {
        return http.post("/api/calls/outbound", user,
                "{\"agent_id\":\"" + agent + "\",\"phone_number\":\"" + phone + "\"}");
    }

    private JsonNode get(String callId) {
        Http.Response r = http.get("/api/calls/" + callId, user);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private JsonNode awaitStatus(String callId, Set<String> statuses, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode c = get(callId);
        while (!statuses.contains(c.get("status").asText())) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("call " + callId + " stayed " + c.get("status") + ": " + c);
            }
            pause();
            c = get(callId);
        }
        return c;
    }

    private List<JsonNode> inbound() {
        Http.Response r = http.get("/api/calls?direction=INBOUND", user);
        assertEquals(200, r.status(), r.body());
        List<JsonNode> out = new ArrayList<>();
        r.json().get("calls").forEach(out::add);
        return out;
    }

    private List<JsonNode> awaitInbound(int count) {
        Instant deadline = Instant.now().plusSeconds(5);
        List<JsonNode> found = inbound();
        while (found.size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + count + " inbound calls, found " + found);
            }
            pause();
            found = inbound();
        }
        return found;
    }

    private DialRequest onlyDialTo(String callee) {
        List<DialRequest> dials = livekit.dialRequests().stream().filter(d -> d.sipCallTo().equals(callee)).toList();
        assertEquals(1, dials.size(), "dialled exactly once: " + dials);
        return dials.get(0);
    }

    private void awaitDialTo(String callee) {
        Instant deadline = Instant.now().plusSeconds(5);
        while (livekit.dialRequests().stream().noneMatch(d -> d.sipCallTo().equals(callee))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("never dialled " + callee);
            }
            pause();
        }
    }

    private void letDialStepsFinishNow() {
        try {
            letDialStepsFinish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Http.Response webhook(String body, String authorization) {
        return http.send("POST", "/api/livekit/webhook", null, body,
                authorization == null ? Map.of() : Map.of("Authorization", authorization));
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("calls").forEach(c -> out.add(c.get("call_id").asText()));
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
