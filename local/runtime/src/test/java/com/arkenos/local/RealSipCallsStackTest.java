package com.arkenos.local;

import com.arkenos.devkit.clients.PythonVenv;
import com.arkenos.devkit.livekitserver.AgentWorker;
import com.arkenos.devkit.livekitserver.PortRange;
import com.arkenos.devkit.livekitserver.RealLiveKitServer;
import com.arkenos.devkit.livekitserver.RealSipBridge;
import com.arkenos.devkit.livekitserver.Sipp;
import com.arkenos.devkit.livekitserver.TerminationScenario;
import com.arkenos.devkit.livekitserver.TerminationScenario.Outcome;
import com.arkenos.devkit.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real calls through the local stack: the real livekit-server and livekit-sip, with sipp on Twilio's side of SIP.
 * Inbound, a caller from the inbound trunk's allowed address dials a number the stack bought, LiveKit's dispatch
 * rule makes the room and dispatches the agent, a LiveKit Agents worker ({@link AgentWorker}) takes the job and
 * looks up the participant's {@code sip.trunkPhoneNumber} (its joining is what makes LiveKit answer), and the real
 * server's signed webhooks start, answer and close the call record; a call from an address not on the trunk's list,
 * and the same call after the release, are refused. Outbound,
 * {@code POST /api/calls/outbound} makes LiveKit dial sipp as Twilio's termination URI (digest credentials and
 * caller ID checked there) and the recorded outcome and SIP code follow the callee: an answer ended by the owner,
 * 486, 480, and a ring nobody answers. Skipped, with the reason, without the binaries (local/livekit/install.sh).
 */
class RealSipCallsStackTest {
    private static final Set<String> SETTLED = Set.of("ACTIVE", "FAILED", "RELEASED");
    private static final String TERMINATION_USER = "arkenos-lk";
    private static final String TERMINATION_PASSWORD = "Lk9stackTestPassword";
    private static final Path WORK = Path.of("target/real-livekit/RealSipCallsStackTest").toAbsolutePath();
    private static RealLiveKitServer server;
    private static RealSipBridge bridge;
    private static LocalRuntime runtime;
    private static Telephony api;
    private static Http http;
    private static int termination;
    /** The LiveKit Agents worker: without it an inbound call rings until LiveKit gives up (nobody subscribes). */
    private static AgentWorker worker;
    private static String workerUnavailable;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(RealLiveKitServer.unavailableReason().isEmpty(),
                () -> "real SIP tests skipped: " + RealLiveKitServer.unavailableReason().orElse(""));
        assumeTrue(RealSipBridge.binary().isPresent(), "livekit-sip missing: run local/livekit/install.sh");
        assumeTrue(Sipp.binary().isPresent(), "sipp missing: run local/livekit/install.sh (Debian's sip-tester)");
        int apiPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            apiPort = probe.getLocalPort();
        }
        PortRange ports = PortRange.fromEnvironment();
        server = RealLiveKitServer.start(WORK, ports, false, "http://127.0.0.1:" + apiPort + "/api/livekit/webhook");
        bridge = RealSipBridge.start(WORK, server, ports);
        termination = PortRange.ephemeralUdpRun(1);
        runtime = LocalRuntime.create(SamTemplate.find(), new LocalRuntime.Options(0, "127.0.0.1", true, null)
                .withTimeScale(0.01).withProcessEnv(Map.of("LIVEKIT_URL", server.url(),
                        "LIVEKIT_API_KEY", server.apiKey(), "LIVEKIT_API_SECRET", server.apiSecret(),
                        "LIVEKIT_SIP_URI", "127.0.0.1:" + bridge.sipPort(),
                        "TWILIO_SIGNALLING_ADDRESSES", "127.0.0.1/32",
                        "TERMINATION_SIP_ADDRESS", "127.0.0.1:" + termination,
                        "TERMINATION_USERNAME", TERMINATION_USER, "TERMINATION_PASSWORD", TERMINATION_PASSWORD,
                        "RINGING_TIMEOUT_SECONDS", "5")));
        http = new Http("http://127.0.0.1:" + runtime.serve("127.0.0.1", apiPort).port());
        api = new Telephony(http);
        PythonVenv venv = AgentWorker.install(Path.of("target/agent-worker-venv").toAbsolutePath());
        workerUnavailable = venv.unavailable();
        if (venv.ready()) {
            worker = AgentWorker.start(venv, server.url(), server.apiKey(), server.apiSecret(), http.base(),
                    Telephony.WORKER_KEY);
        }
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anInboundCall_isRoutedToTheAgent_recordedFromWebhooks_andRefusedOnceReleased() throws Exception {
        assumeTrue(worker != null, () -> "the LiveKit Agents worker is not installed: " + workerUnavailable);
        String user = "sip-in-" + UUID.randomUUID();
        String agent = api.agent(user, "Front desk");
        String phone = buy(user, agent);

        try (Sipp caller = Sipp.call(WORK, "inbound-" + phone, bridge.sipPort(), phone, 3000)) {
            JsonNode answered = awaitCall(user, "INBOUND", c -> c.path("status").asText().equals("ANSWERED"));
            assertEquals(agent, answered.path("agent_id").asText(), answered.toString());
            assertEquals(phone, answered.path("to_number").asText(), answered.toString());
            // The worker took LiveKit's job and looked up the number the SIP participant says was dialled.
            JsonNode lookup = worker.awaitLookup(answered.path("room_name").asText(), Duration.ofSeconds(20));
            assertEquals(phone, lookup.path("dialled").asText(), lookup.toString());
            assertEquals(200, lookup.path("status").asInt(), lookup.toString());
            assertEquals(agent, lookup.path("agent_id").asText(), lookup.toString());
            assertEquals("Front desk", lookup.path("agent_name").asText(), lookup.toString());
            assertEquals(0, caller.await(30), caller.report());
        }
        JsonNode completed = awaitCall(user, "INBOUND", c -> c.path("status").asText().equals("COMPLETED"));
        assertTrue(completed.path("duration").asLong() >= 2, "a 3 s call lasted " + completed);

        // The inbound trunk takes Twilio's addresses only (127.0.0.1/32 here): a call from elsewhere is refused.
        try (Sipp stranger = Sipp.call(WORK, "inbound-stranger-" + phone, "127.0.0.2", bridge.sipPort(), phone, 1000)) {
            assertNotEquals(0, stranger.await(30), "a call from an address not on the trunk was answered:\n"
                    + bridge.logTail(20));
        }
        assertEquals(1, calls(http.get("/api/calls?direction=INBOUND", user).json()).size(),
                "a refused call was recorded");

        assertEquals(200, api.release(user, phone).status());
        assertEquals("RELEASED", api.await(user, phone, SETTLED, Duration.ofSeconds(60)).path("status").asText());
        try (Sipp refused = Sipp.call(WORK, "inbound-released-" + phone, bridge.sipPort(), phone, 1000)) {
            assertNotEquals(0, refused.await(30), "a call to a released number was answered:\n"
                    + bridge.logTail(20));
        }
    }

    @Test
    void outboundCalls_reachTwilioWithTheTrunksCredentials_andRecordTheCalleesAnswer() throws Exception {
        String user = "sip-out-" + UUID.randomUUID();
        String agent = api.agent(user, "Sales");
        String callerId = buy(user, agent);

        String answered = outbound(user, agent, callerId, Outcome.ANSWER, "ANSWERED", s -> assertEquals(200,
                http.post("/api/calls/" + s.path("call_id").asText() + "/end", user, null).status()));
        assertEquals("COMPLETED", awaitStatus(user, answered, s -> !s.path("outcome").asText().equals("ANSWERED"))
                .path("outcome").asText());
        assertOutcome(status(user, outbound(user, agent, callerId, Outcome.BUSY, "BUSY", null)), "BUSY", 486);
        assertOutcome(status(user, outbound(user, agent, callerId, Outcome.UNAVAILABLE, "NO_ANSWER", null)),
                "NO_ANSWER", 480);
        JsonNode unanswered = status(user, outbound(user, agent, callerId, Outcome.NO_ANSWER, "NO_ANSWER", null));
        assertOutcome(unanswered, "NO_ANSWER", 0);
        assertEquals("ringing timeout", unanswered.path("sip_status").asText(), unanswered.toString());
    }

    /**
     * Places a call with sipp answering as {@code outcome}; waits until its outcome is {@code expected}, runs
     * {@code then} on that status (an answered call is ended there), and checks sipp saw the scenario through.
     */
    private static String outbound(String user, String agent, String callerId, Outcome outcome, String expected,
                                   Consumer<JsonNode> then) throws Exception {
        TerminationScenario scenario = new TerminationScenario(TERMINATION_USER, TERMINATION_PASSWORD, callerId,
                outcome);
        try (Sipp twilio = Sipp.terminate(WORK, "outbound-" + outcome, termination, scenario)) {
            Http.Response placed = http.post("/api/calls/outbound", user,
                    "{\"agent_id\":\"" + agent + "\",\"phone_number\":\"+15105550199\"}");
            assertEquals(201, placed.status(), placed.body());
            String id = placed.json().path("call_id").asText();
            JsonNode s = awaitStatus(user, id, st -> !st.path("outcome").asText().equals("RINGING"));
            assertEquals(expected, s.path("outcome").asText(), s + "\n" + twilio.report());
            if (then != null) {
                then.accept(s);
            }
            assertEquals(0, twilio.await(30), twilio.report());
            return id;
        }
    }

    private static void assertOutcome(JsonNode status, String outcome, int sipCode) {
        assertEquals(outcome, status.path("outcome").asText(), status.toString());
        assertEquals(sipCode, status.path("sip_status_code").asInt(0), status.toString());
    }

    private static String buy(String user, String agent) {
        String phone = api.search("510", 1).get(0).path("phone_number").asText();
        assertEquals(200, api.buy(user, phone, agent).status());
        JsonNode active = api.await(user, phone, SETTLED, Duration.ofSeconds(60));
        assertEquals("ACTIVE", active.path("status").asText(), active.toString());
        return phone;
    }

    private static JsonNode status(String user, String callId) {
        Http.Response r = http.get("/api/calls/" + callId + "/status", user);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static JsonNode awaitStatus(String user, String callId, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plusSeconds(40);
        JsonNode s = status(user, callId);
        while (!done.test(s)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("call " + callId + " stayed " + s + "\nlivekit-sip log:\n"
                        + bridge.logTail(20));
            }
            Thread.sleep(100);
            s = status(user, callId);
        }
        return s;
    }

    /** The owner's first call in {@code direction} that {@code done} accepts, from {@code GET /api/calls}. */
    private static JsonNode awaitCall(String user, String direction, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Http.Response r = http.get("/api/calls?direction=" + direction, user);
            assertEquals(200, r.status(), r.body());
            for (JsonNode c : calls(r.json())) {
                if (done.test(c)) {
                    return c;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such " + direction + " call of " + user + " within 30 s: "
                + http.get("/api/calls", user).body() + "\nlivekit-sip log:\n" + bridge.logTail(20));
    }

    private static List<JsonNode> calls(JsonNode page) {
        JsonNode list = page.isArray() ? page : page.path("calls");
        List<JsonNode> out = new java.util.ArrayList<>();
        list.forEach(out::add);
        return out;
    }
}
