package com.arkenos.local;

import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.devkit.twilio.TwilioSandbox;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.providers.Providers;
import com.arkenos.telephony.provisioning.InfraStore;
import com.arkenos.telephony.wiring.TelephonyWiring;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A buy once the shared SIP pieces are recorded and verified skips the four Ensure steps (the state machine's
 * choice), and records them done with the shared ids so the dashboard's pipeline reads as before; a route verified
 * too long ago, or one whose trunk was deleted since, takes the long path and still ends routed. Real parts:
 * DynamoDB Local, the ASL engine, the Twilio and LiveKit sandboxes.
 */
class SteadyStateBuyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Set<String> SETTLED = Set.of("ACTIVE", "FAILED", "RELEASED");
    private static final List<String> ENSURE = List.of("EnsureTwilioTrunk", "EnsureInboundTrunk",
            "EnsureDispatchRule", "EnsureOutboundTrunk");
    /** One choice, then the three Add/Attach steps and MarkActive. */
    private static final int SHORT_PATH = 5;
    private static LocalRuntime runtime;
    private static Http http;
    private static Telephony api;
    private static TwilioSandbox twilio;
    private static LiveKitSandbox livekit;
    private static Providers providers;
    private static InfraStore infra;
    private static String sfnEndpoint;
    private String user;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.create(SamTemplate.find(), new LocalRuntime.Options(0, "127.0.0.1", true, null)
                .withTimeScale(0.01));
        http = new Http("http://127.0.0.1:" + runtime.serve("127.0.0.1", 0).port());
        api = new Telephony(http);
        twilio = runtime.providers().twilioSandbox();
        livekit = runtime.providers().liveKitSandbox();
        Map<String, String> env = runtime.host().environment("BuyNumberFunction");
        providers = new Providers(Env.of(env));
        infra = Env.hosting(Env.of(env), TelephonyWiring::current).infraStore();
        sfnEndpoint = env.get("AWS_ENDPOINT_URL_SFN");
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @BeforeEach
    void fresh() {
        runtime.dynamo().clear();
        twilio.reset();
        livekit.reset();
        user = "steady-" + UUID.randomUUID();
    }

    private JsonNode activeNumber(String area) {
        String agent = api.agent(user, "Agent " + UUID.randomUUID());
        String phone = api.search(area, 5).get(0).path("phone_number").asText();
        assertEquals(200, api.buy(user, phone, agent).status());
        JsonNode n = api.await(user, phone, SETTLED, Duration.ofSeconds(30));
        assertEquals("ACTIVE", n.path("status").asText(), n.toString());
        return n;
    }

    /** DescribeExecution's stateTransitions (over HTTP: the SDK's model here predates the field). */
    private static int transitions(JsonNode number) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(sfnEndpoint + "/"))
                    .header("X-Amz-Target", "AWSStepFunctions.DescribeExecution")
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                            .put("executionArn", number.at("/execution/arn").asText()).toString()))
                    .build();
            JsonNode body = JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
            assertTrue(body.has("stateTransitions"), body.toString());
            return body.get("stateTransitions").asInt();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, JsonNode> steps(JsonNode number) {
        Map<String, JsonNode> steps = new HashMap<>();
        number.path("steps").forEach(s -> steps.put(s.path("step").asText(), s));
        return steps;
    }

    private static boolean routedInbound(String phone) {
        return livekit.routeInbound(phone, "+14155550199", CallsTest.TWILIO_EDGE).result()
                == com.arkenos.devkit.livekit.InboundRoute.Result.ROUTED;
    }

    private static boolean onOutboundTrunk(String phone) {
        return livekit.outboundTrunks().get(0).getNumbersList().contains(phone);
    }

    @Test
    void theSecondBuy_skipsTheEnsureSteps_andRecordsThemDoneWithTheSharedIds() {
        JsonNode first = activeNumber("510");
        JsonNode second = activeNumber("415");

        assertTrue(transitions(first) > SHORT_PATH, "the first buy makes the shared pieces: " + transitions(first));
        assertEquals(SHORT_PATH, transitions(second), "the second takes the short path");
        Map<String, JsonNode> made = steps(first);
        Map<String, JsonNode> skipped = steps(second);
        assertEquals(8, skipped.size(), second.toString());
        skipped.values().forEach(s -> assertEquals("SUCCEEDED", s.path("state").asText(), second.toString()));
        for (String ensure : ENSURE) {
            assertEquals(made.get(ensure).path("resource").asText(), skipped.get(ensure).path("resource").asText(),
                    ensure + " is recorded with the shared id: " + second);
        }
        // The dashboard's "Test & Setup Pipeline" reads each part from the recorded steps.
        Http.Response pipeline = http.post("/api/telephony/numbers/provision", user,
                "{\"phone_number\":\"" + second.path("phone_number").asText() + "\"}");
        assertEquals(200, pipeline.status(), pipeline.body());
        assertEquals("ready", pipeline.json().path("status").asText(), pipeline.body());
        for (JsonNode n : List.of(first, second)) {
            String phone = n.path("phone_number").asText();
            assertTrue(routedInbound(phone) && onOutboundTrunk(phone), phone + " is routed both ways");
            assertTrue(twilio.trunks().get(0).phoneNumberSids().contains(n.path("twilio_sid").asText()));
        }
    }

    @Test
    void aRouteVerifiedLongerAgoThanTheWindow_runsTheEnsureSteps() {
        activeNumber("510");
        infra.record("livekit_outbound_trunk", Map.of(InfraStore.VERIFIED_AT,
                Instant.now().minus(Duration.ofMinutes(11)).toString()));

        JsonNode second = activeNumber("415");
        assertTrue(transitions(second) > SHORT_PATH, "the long path: " + transitions(second));
        assertTrue(routedInbound(second.path("phone_number").asText()));
    }

    @Test
    void anInboundTrunkDeletedSinceItWasVerified_isMadeAgainByTheNextBuy_withBothNumbersOnIt() {
        String first = activeNumber("510").path("phone_number").asText();
        providers.livekit().deleteTrunk(livekit.inboundTrunks().get(0).getSipTrunkId());
        assertTrue(!routedInbound(first));

        String second = activeNumber("415").path("phone_number").asText();
        assertEquals(1, livekit.inboundTrunks().size(), livekit.inboundTrunks().toString());
        assertEquals(Set.of(first, second), Set.copyOf(livekit.inboundTrunks().get(0).getNumbersList()));
        assertTrue(routedInbound(first) && routedInbound(second), "calls to both numbers reach a room again");
    }

    @Test
    void anOutboundTrunkDeletedSinceItWasVerified_isMadeAgainByTheNextBuy() {
        String first = activeNumber("510").path("phone_number").asText();
        providers.livekit().deleteTrunk(livekit.outboundTrunks().get(0).getSipTrunkId());

        String second = activeNumber("415").path("phone_number").asText();
        assertEquals(1, livekit.outboundTrunks().size(), livekit.outboundTrunks().toString());
        assertTrue(onOutboundTrunk(second), livekit.outboundTrunks().toString());
        assertTrue(routedInbound(first) && routedInbound(second));
    }
}
