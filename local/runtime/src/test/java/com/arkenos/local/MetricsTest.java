package com.arkenos.local;

import com.arkenos.devkit.faults.Fault;
import com.arkenos.devkit.livekit.DialOutcome;
import com.arkenos.devkit.livekit.LiveKitOperations;
import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.devkit.twilio.TwilioSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16: the functions' metrics, as CloudWatch would extract them from their log lines, for what just happened
 * on a local stack of its own: a buy, a failed step, a busy call, a failed callback, the lookup, and the dial-failures
 * alarm they drive. Read the way {@code ./stack metrics} reads them: from {@code GET /local/metrics}.
 */
class MetricsTest {
    private static final String NS = "Arkenos/Telephony";
    private static LocalRuntime runtime;
    private static Http http;
    private static Telephony api;
    private static LiveKitSandbox livekit;
    private static TwilioSandbox twilio;
    private String user;
    private Instant since;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.create(SamTemplate.find(), new LocalRuntime.Options(0, "127.0.0.1", true, null)
                .withTimeScale(0.01).withProcessEnv(Map.of("RINGING_TIMEOUT_SECONDS", "2")));
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
        livekit.reset();
        for (DialOutcome o : DialOutcome.values()) {
            livekit.setOutcomeDelay(o, Duration.ofMillis(100));
        }
        user = "owner-" + UUID.randomUUID();
        since = Instant.now();
    }

    @AfterEach
    void letDialStepsFinish() throws InterruptedException {
        for (int i = 0; i < 500 && runtime.lambda().eventsInFlight() > 0; i++) {
            Thread.sleep(10);
        }
        livekit.faults().clearFaults();
    }

    @Test
    void aBuy_countsOneNumberProvisioned_byOperation_andRolledUpToTheStack() {
        String agent = api.agent(user, "Sales");
        activeNumber(agent);

        awaitSum(1, sum -> sum("NumberProvisioned", "Operation", "provision"));
        awaitSum(1, sum -> sum("NumberProvisioned"), "the stack-level rollup");
        assertEquals(0, sum("NumberFailed"));
        assertEquals(0, sum("ProvisioningStepFailed"));
        JsonNode served = metric(report(), "NumberProvisioned", Map.of("Stack", "local", "Operation", "provision"));
        assertEquals("Count", served.get("unit").asText());
    }

    @Test
    void aStepThatFailsForGood_countsEachFailedAttempt_andOneNumberFailed_byStep() {
        String agent = api.agent(user, "Sales");
        String phone = api.search("415", 1).get(0).get("phone_number").asText();
        livekit.faults().failNext(LiveKitOperations.SIP_UPDATE_INBOUND_TRUNK, 1000, Fault.SERVER_ERROR);

        assertEquals(200, api.buy(user, phone, agent).status());
        assertEquals("FAILED", api.awaitSettled(user, phone).get("status").asText());

        double attempts = sum("ProvisioningStepFailed", "Step", "AddToInboundTrunk", "Provider", "livekit");
        assertTrue(attempts >= 2, "the state machine's retries are attempts too: " + attempts);
        assertEquals(attempts, sum("ProvisioningStepFailed"), "no other step failed");
        awaitSum(1, sum -> sum("NumberFailed", "Operation", "provision", "Step", "AddToInboundTrunk"));
        assertEquals(0, sum("NumberProvisioned"));
    }

    @Test
    void aBusyCall_countsItsDialOutcomeWithTheSipCode_andAnAnsweredOneItsDuration() {
        String agent = api.agent(user, "Sales");
        activeNumber(agent);
        livekit.setDialOutcome("+14155550486", DialOutcome.BUSY);
        livekit.setDialOutcome("+14155550200", DialOutcome.ANSWERED);

        String busy = call(agent, "+14155550486");
        awaitStatus(busy, "BUSY");
        String answered = call(agent, "+14155550200");
        JsonNode live = awaitStatus(answered, "ANSWERED");
        assertTrue(livekit.hangUp(live.get("room_name").asText(), "phone-+14155550200"));
        awaitStatus(answered, "COMPLETED");

        awaitSum(1, sum -> sum("DialOutcome", "Status", "BUSY", "SipCode", "486"));
        awaitSum(1, sum -> sum("DialOutcome", "Status", "BUSY"), "rolled up by status");
        awaitSum(1, sum -> sum("DialOutcome", "Status", "ANSWERED", "SipCode", "200"));
        awaitSum(1, sum -> sum("CallEnded", "Direction", "OUTBOUND", "Status", "BUSY"));
        awaitSum(1, sum -> sum("CallEnded", "Direction", "OUTBOUND", "Status", "COMPLETED"));
        awaitSum(1, sum -> samples("CallDuration", "Direction", "OUTBOUND"), "only the answered call talked");
        assertEquals("Seconds", metric(report(), "CallDuration", Map.of("Stack", "local", "Direction", "OUTBOUND"))
                .get("unit").asText());
    }

    @Test
    void aReceiverThatAnswers500_countsACallbackFailure() throws Exception {
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        receiver.start();
        try {
            String agent = api.agent(user, "Sales");
            activeNumber(agent);
            livekit.setDialOutcome("+14155550486", DialOutcome.BUSY);
            Http.Response placed = http.post("/api/calls/outbound", user, "{\"agent_id\":\"" + agent
                    + "\",\"phone_number\":\"+14155550486\",\"callback_url\":\"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hooks\"}");
            assertEquals(201, placed.status(), placed.body());
            awaitStatus(placed.json().get("call_id").asText(), "BUSY");
            assertTrue(runtime.awaitStreams(Duration.ofSeconds(10)), "the calls stream was not drained");

            awaitSum(1, sum -> sum("CallbackDelivery", "Outcome", "failed"), "RINGING>BUSY, refused by the receiver");
            assertEquals(0, sum("CallbackDelivery", "Outcome", "delivered"));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void theLookup_timesEveryAnswer_andCountsNotFound() {
        String agent = api.agent(user, "Sales");
        String phone = activeNumber(agent);
        assertEquals(200, api.lookup(phone).status());
        assertEquals(404, api.lookup("+14155550999").status());

        awaitSum(1, sum -> samples("LookupLatency", "Outcome", "found"));
        awaitSum(1, sum -> samples("LookupLatency", "Outcome", "not_found"));
        awaitSum(1, sum -> sum("LookupNotFound"));
        assertEquals("Milliseconds", metric(report(), "LookupLatency", Map.of("Stack", "local", "Outcome", "found"))
                .get("unit").asText());
    }

    @Test
    void fiveFailedDials_raiseTheDialFailuresAlarm_andTheConsoleShowsIt() {
        String agent = api.agent(user, "Sales");
        activeNumber(agent);
        assertEquals("OK", alarm("local-DialFailures").get("state").asText(), "nothing failed yet");
        // The template's default threshold: DialFailureAlarmThreshold = 5 within 5 minutes.
        for (int i = 0; i < 5; i++) {
            String callee = "+1415555030" + i;
            livekit.setDialOutcome(callee, DialOutcome.UNREACHABLE);
            awaitStatus(call(agent, callee), "FAILED");
            if (i < 4) {
                assertEquals("OK", alarm("local-DialFailures").get("state").asText(), "after " + (i + 1));
            }
        }
        awaitSum(5, sum -> sum("DialOutcome", "Status", "FAILED", "SipCode", "503"));
        JsonNode alarm = alarm("local-DialFailures");
        assertEquals("ALARM", alarm.get("state").asText(), alarm.toString());
        assertEquals(5, alarm.get("value").asDouble());

        Http.Response text = http.get(LocalMetrics.PATH + "?format=text", null);
        assertEquals(200, text.status());
        assertTrue(text.body().contains("local-DialFailures"), text.body());
        assertTrue(text.body().matches("(?s).*DialOutcome\\s+SipCode=503,Stack=local,Status=FAILED\\s+5\\s.*"),
                text.body());
        // Alarms on metrics the local stack does not make are not guessed.
        assertEquals("NOT_MEASURED_LOCALLY", alarm("local-ProvisionNumber-ExecutionsFailed").get("state").asText());
        assertEquals("OK", alarm("local-DialCall-Errors").get("state").asText(), "no dial step threw");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Waits (up to 5 s) until {@code figure} reaches {@code expected}, then requires it to be exactly that: a metric
     * is written just after the record it counts, so a test that saw the record may ask a moment too early.
     */
    private void awaitSum(double expected, java.util.function.DoubleUnaryOperator figure, String... message) {
        Instant deadline = Instant.now().plusSeconds(5);
        while (figure.applyAsDouble(0) < expected && Instant.now().isBefore(deadline)) {
            pause();
        }
        assertEquals(expected, figure.applyAsDouble(0), message.length > 0 ? message[0] : null);
    }

    private static void pause() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The sum of a metric's values under exactly these dimensions (plus Stack), since the test began. */
    private double sum(String metric, String... dims) {
        return points(metric, dims).stream().mapToDouble(LocalMetrics.Point::value).sum();
    }

    private long samples(String metric, String... dims) {
        return points(metric, dims).size();
    }

    private List<LocalMetrics.Point> points(String metric, String... dims) {
        Map<String, String> want = new TreeMap<>();
        want.put("Stack", "local");
        for (int i = 0; i + 1 < dims.length; i += 2) {
            want.put(dims[i], dims[i + 1]);
        }
        return runtime.metrics().points().stream().filter(p -> p.namespace().equals(NS)
                && p.metric().equals(metric) && p.dimensions().equals(want) && !p.at().isBefore(since)).toList();
    }

    private static JsonNode report() {
        Http.Response r = http.get(LocalMetrics.PATH, null);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static JsonNode metric(JsonNode report, String name, Map<String, String> dims) {
        for (JsonNode m : report.get("metrics")) {
            Map<String, String> d = new TreeMap<>();
            m.get("dimensions").fields().forEachRemaining(e -> d.put(e.getKey(), e.getValue().asText()));
            if (m.get("metric").asText().equals(name) && d.equals(new TreeMap<>(dims))) {
                return m;
            }
        }
        throw new AssertionError("no " + name + " " + dims + " in " + report.get("metrics"));
    }

    private static JsonNode alarm(String name) {
        for (JsonNode a : report().get("alarms")) {
            if (a.get("alarm").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError("no alarm " + name);
    }

    private String activeNumber(String agent) {
        String phone = api.search("510", 1).get(0).get("phone_number").asText();
        assertEquals(200, api.buy(user, phone, agent).status());
        assertEquals("ACTIVE", api.awaitSettled(user, phone).get("status").asText());
        return phone;
    }

    private String call(String agent, String phone) {
        Http.Response r = http.post("/api/calls/outbound", user,
                "{\"agent_id\":\"" + agent + "\",\"phone_number\":\"" + phone + "\"}");
        assertEquals(201, r.status(), r.body());
        return r.json().get("call_id").asText();
    }

    private JsonNode awaitStatus(String callId, String status) {
        Instant deadline = Instant.now().plusSeconds(8);
        while (true) {
            JsonNode c = http.get("/api/calls/" + callId, user).json();
            if (c.get("status").asText().equals(status)) {
                return c;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("call " + callId + " stayed " + c.get("status"));
            }
            pause();
        }
    }
}
