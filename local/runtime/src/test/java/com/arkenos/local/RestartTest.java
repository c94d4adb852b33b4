package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local stack survives a restart on the same data directory, as DynamoDB always did and the sandboxes now do:
 * the owned number is not for sale again, its outbound calls work, a second buy works, and a released number can
 * be assigned again, and answers a buy as before (409: it is still in the account, assign it).
 */
class RestartTest {
    private static final String USER = "restart-user";

    @TempDir
    Path data;

    @Test
    void boughtNumber_afterRestart_isOwnedRoutedAndCallable_andTheLifecycleGoesOn() throws Exception {
        String agent;
        String first;
        String firstSid;
        String callBefore;
        try (LocalRuntime runtime = start()) {
            Http http = http(runtime);
            Telephony api = new Telephony(http);
            agent = api.agent(USER, "Front desk");
            first = api.search("510", 1).get(0).get("phone_number").asText();
            assertEquals(200, api.buy(USER, first, agent).status());
            firstSid = api.awaitSettled(USER, first).get("twilio_sid").asText();
            assertEquals("ACTIVE", api.number(USER, first).get("status").asText());
            callBefore = placeAnsweredCall(http, agent);
        }
        assertTrue(Files.isRegularFile(data.resolve("twilio-sandbox.json")));
        assertTrue(Files.isRegularFile(data.resolve("livekit-sandbox.json")));

        try (LocalRuntime runtime = start()) {
            Http http = http(runtime);
            Telephony api = new Telephony(http);
            for (JsonNode offered : api.search("510", 50)) {
                assertNotEquals(first, offered.get("phone_number").asText(), "an owned number is for sale again");
            }
            assertTrue(runtime.providers().twilioSandbox().ownedNumber(first).isPresent());
            assertEquals(agent, api.lookup(first).json().get("agent_id").asText(), "inbound lookup after restart");

            placeAnsweredCall(http, agent);
            // LiveKit's rooms are not kept (they end with their calls); ending a call from before still works.
            Http.Response ended = http.post("/api/calls/" + callBefore + "/end", USER, "{}");
            assertEquals(200, ended.status(), ended.body());

            String second = api.search("510", 1).get(0).get("phone_number").asText();
            String secondAgent = api.agent(USER, "Night shift");
            assertEquals(200, api.buy(USER, second, secondAgent).status());
            JsonNode bought = api.awaitSettled(USER, second);
            assertEquals("ACTIVE", bought.get("status").asText(), bought.toString());
            assertNotEquals(firstSid, bought.get("twilio_sid").asText(), "a SID was handed out twice");

            assertEquals(200, api.release(USER, first).status());
            assertEquals("RELEASED", api.awaitSettled(USER, first).get("status").asText());
            assertEquals(200, api.assign(USER, first, agent).status());
            assertEquals("ACTIVE", api.awaitSettled(USER, first).get("status").asText());
            assertEquals(200, api.release(USER, first).status());
            assertEquals("RELEASED", api.awaitSettled(USER, first).get("status").asText());
            // As without a restart: a released number is still in the Twilio account, so buying it points to assign.
            Http.Response again = api.buy(USER, first, agent);
            assertEquals(409, again.status(), again.body());
            assertEquals("number_already_owned", again.errorCode());
            assertEquals(200, api.assign(USER, first, agent).status());
            assertEquals("ACTIVE", api.awaitSettled(USER, first).get("status").asText());
            assertEquals(1, runtime.providers().twilioSandbox().purchases(first));
        }
    }

    private LocalRuntime start() {
        // Sandbox ports 0: a fixed port would collide with a stack someone runs on this machine.
        return LocalRuntime.create(SamTemplate.find(), new LocalRuntime.Options(0, "127.0.0.1", false, data)
                .withTimeScale(0.01).withProcessEnv(Map.of()));
    }

    private static Http http(LocalRuntime runtime) throws Exception {
        return new Http("http://127.0.0.1:" + runtime.serve("127.0.0.1", 0).port());
    }

    private static String placeAnsweredCall(Http http, String agent) throws InterruptedException {
        Http.Response call = http.post("/api/calls/outbound", USER,
                "{\"agent_id\":\"" + agent + "\",\"phone_number\":\"+14155550123\"}");
        assertEquals(201, call.status(), call.body());
        String callId = call.json().get("call_id").asText();
        assertEquals("ANSWERED", awaitCall(http, callId, Set.of("ANSWERED", "FAILED", "BUSY", "NO_ANSWER",
                "REJECTED")), "an outbound call");
        return callId;
    }

    private static String awaitCall(Http http, String callId, Set<String> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            String status = http.get("/api/calls/" + callId, USER).json().path("status").asText();
            if (done.contains(status) || Instant.now().isAfter(deadline)) {
                return status;
            }
            Thread.sleep(25);
        }
    }
}
