package com.arkenos.local;

import com.arkenos.devkit.faults.Fault;
import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.devkit.twilio.TwilioOperations;
import com.arkenos.devkit.twilio.TwilioSandbox;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.providers.Providers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing stuck: each stuck status made by the fault that causes it, on the local stack's real parts (DynamoDB Local,
 * the ASL engine, the Twilio and LiveKit sandboxes), then resumed by a replay, a release or the scheduled sweep.
 * The faults: Step Functions unreachable from the buy or release function after its write (as when StartExecution
 * fails, or the function dies between the write and the start), and a Twilio purchase whose answer was lost.
 * Records are aged by moving their {@code updated_at} back, as minutes passing would.
 */
class SweeperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SETTLED = Set.of("ACTIVE", "FAILED", "RELEASED");
    private static LocalRuntime runtime;
    private static Http http;
    private static Telephony api;
    private static TwilioSandbox twilio;
    private String user;
    private String agent;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.create(SamTemplate.find(), new LocalRuntime.Options(0, "127.0.0.1", true, null)
                .withTimeScale(0.01));
        http = new Http("http://127.0.0.1:" + runtime.serve("127.0.0.1", 0).port());
        api = new Telephony(http);
        twilio = runtime.providers().twilioSandbox();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @BeforeEach
    void fresh() {
        runtime.dynamo().clear();
        twilio.reset();
        twilio.faults().clearFaults();
        user = "sweep-" + UUID.randomUUID();
        agent = api.agent(user, "Front desk");
    }

    private JsonNode buyWithoutStepFunctions(String phone) throws Exception {
        return OutOfBand.postWithoutStepFunctions(runtime, "BuyNumberFunction", "POST /api/telephony/numbers/buy",
                user, "{\"phone_number\":\"" + phone + "\",\"agent_id\":\"" + agent + "\"}");
    }

    private static void age(String phone, Duration by) {
        String table = runtime.host().environment("BuyNumberFunction").get("NUMBERS_TABLE");
        runtime.dynamo().client().updateItem(b -> b.tableName(table)
                .key(Map.of("phone_number", AttributeValue.fromS(phone)))
                .updateExpression("SET updated_at = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(Instant.now().minus(by).toString()))));
    }

    private static JsonNode sweep() throws Exception {
        byte[] out = runtime.host().invoke("SweepFunction",
                "{\"source\":\"aws.scheduler\",\"detail\":\"{}\"}".getBytes(StandardCharsets.UTF_8));
        return JSON.readTree(out);
    }

    private String status(String phone) {
        return api.number(user, phone).path("status").asText();
    }

    private String firstAvailable() {
        return api.search("415", 5).get(0).path("phone_number").asText();
    }

    @Test
    void aBuyWhoseWorkflowDidNotStart_isResumedByTheSweep() throws Exception {
        String phone = firstAvailable();
        JsonNode answer = buyWithoutStepFunctions(phone);
        assertEquals(503, answer.path("statusCode").asInt(), answer.toString());
        assertEquals("PROVISIONING", status(phone));
        assertEquals(1, twilio.purchases(phone));

        assertEquals(0, sweep().path("numbers").path("resumed").asInt(), "a record touched within a minute waits");
        age(phone, Duration.ofMinutes(2));
        JsonNode sweep = sweep();
        assertEquals(1, sweep.path("numbers").path("resumed").asInt(), sweep.toString());
        assertEquals("ACTIVE", api.await(user, phone, SETTLED, Duration.ofSeconds(30)).path("status").asText());
        assertEquals(1, twilio.purchases(phone), "nothing bought twice");
        assertEquals(0, sweep().path("numbers").size(), "nothing left under way: " + sweep());
    }

    /**
     * An execution that ended while its record still says PROVISIONING (its last write lost: here the record is put
     * back as it was before MarkActive) is run again by the sweep, as a retry would, and buys nothing twice.
     */
    @Test
    void aProvisioningWhoseExecutionEndedUnrecorded_isRunAgainByTheSweep() throws Exception {
        String phone = firstAvailable();
        assertEquals(200, api.buy(user, phone, agent).status());
        assertEquals("ACTIVE", api.await(user, phone, SETTLED, Duration.ofSeconds(30)).path("status").asText());
        String table = runtime.host().environment("BuyNumberFunction").get("NUMBERS_TABLE");
        Map<String, AttributeValue> key = Map.of("phone_number", AttributeValue.fromS(phone));
        String arn = runtime.dynamo().client().getItem(b -> b.tableName(table).key(key)).item()
                .get("execution_arn").s();
        assertEquals("SUCCEEDED", runtime.sfn().describeExecution(b -> b.executionArn(arn)).statusAsString());
        runtime.dynamo().client().updateItem(b -> b.tableName(table).key(key)
                .updateExpression("SET #s = :p").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("PROVISIONING"))));
        age(phone, Duration.ofMinutes(2));

        JsonNode sweep = sweep();
        assertEquals(1, sweep.path("numbers").path("resumed").asInt(), sweep.toString());
        assertEquals("ACTIVE", api.await(user, phone, SETTLED, Duration.ofSeconds(30)).path("status").asText());
        assertTrue(!arn.equals(runtime.dynamo().client().getItem(b -> b.tableName(table).key(key)).item()
                .get("execution_arn").s()), "a new attempt ran");
        assertEquals(1, twilio.purchases(phone), "nothing bought twice");
    }

    @Test
    void aReplayedBuy_resumesAWorkflowThatDidNotStart_atOnce() throws Exception {
        String phone = firstAvailable();
        assertEquals(503, buyWithoutStepFunctions(phone).path("statusCode").asInt());
        Http.Response replay = api.buy(user, phone, agent);
        assertEquals(200, replay.status(), replay.body());
        assertEquals("ACTIVE", api.await(user, phone, SETTLED, Duration.ofSeconds(30)).path("status").asText());
        assertEquals(1, twilio.purchases(phone));
    }

    /** An assign whose StartExecution failed (after its record was written) is resumed by the assign's replay. */
    @Test
    void aReplayedAssign_resumesAWorkflowThatDidNotStart_atOnce() throws Exception {
        String phone = firstAvailable();
        assertEquals(200, api.buy(user, phone, agent).status());
        assertEquals("ACTIVE", api.await(user, phone, SETTLED, Duration.ofSeconds(30)).path("status").asText());
        assertEquals(200, api.release(user, phone).status());
        assertEquals("RELEASED", api.await(user, phone, SETTLED, Duration.ofSeconds(30)).path("status").asText());

        String body = "{\"phone_number\":\"" + phone + "\",\"agent_id\":\"" + agent + "\"}";
        JsonNode lost = OutOfBand.postWithoutStepFunctions(runtime, "AssignNumberFunction",
                "POST /api/telephony/numbers/assign", user, body);
        assertEquals(503, lost.path("statusCode").asInt(), lost.toString());
        assertEquals("PROVISIONING", status(phone));
        Http.Response replay = api.assign(user, phone, agent);
        assertEquals(200, replay.status(), replay.body());
        assertEquals("ACTIVE", api.await(user, phone, SETTLED, Duration.ofSeconds(30)).path("status").asText());
        assertEquals(1, twilio.purchases(phone), "an assign buys nothing");
    }

    @Test
    void release_acceptsANumberWhoseProvisioningNeverStarted() throws Exception {
        String phone = firstAvailable();
        assertEquals(503, buyWithoutStepFunctions(phone).path("statusCode").asInt());
        Http.Response early = api.release(user, phone);
        assertEquals(409, early.status(), "within a minute the buy may still be starting it: " + early.body());
        age(phone, Duration.ofMinutes(2));
        Http.Response release = api.release(user, phone);
        assertEquals(200, release.status(), release.body());
        assertEquals("RELEASED", api.await(user, phone, SETTLED, Duration.ofSeconds(30)).path("status").asText());
        assertTrue(twilio.ownedNumber(phone).isPresent(), "a release keeps the number in the account");
    }

    @Test
    void aReleaseWhoseWorkflowDidNotStart_isFinishedByTheSweep() throws Exception {
        String phone = firstAvailable();
        assertEquals(200, api.buy(user, phone, agent).status());
        assertEquals("ACTIVE", api.await(user, phone, SETTLED, Duration.ofSeconds(30)).path("status").asText());
        JsonNode answer = OutOfBand.postWithoutStepFunctions(runtime, "ReleaseNumberFunction",
                "POST /api/telephony/numbers/release", user, "{\"phone_number\":\"" + phone + "\"}");
        assertEquals(503, answer.path("statusCode").asInt(), answer.toString());
        assertEquals("RELEASING", status(phone));
        age(phone, Duration.ofMinutes(2));
        assertEquals(1, sweep().path("numbers").path("resumed").asInt());
        assertEquals("RELEASED", api.await(user, phone, SETTLED, Duration.ofSeconds(30)).path("status").asText());
    }

    /** Twilio's answer to the purchase was lost, and the account shows the number only later. */
    @Test
    void aPurchaseTheAccountShowsLater_isFinished_andOneItNeverShows_isUndone() throws Exception {
        String bought = firstAvailable();
        twilio.faults().failNext(TwilioOperations.INCOMING_PHONE_NUMBERS_CREATE, 1, Fault.SERVER_ERROR);
        Http.Response lost = api.buy(user, bought, agent);
        assertEquals(503, lost.status(), lost.body());
        assertEquals("PURCHASING", status(bought));
        // The purchase commits late: the number appears in the account.
        new Providers(Env.of(runtime.host().environment("BuyNumberFunction"))).twilio().buy(bought);
        age(bought, Duration.ofMinutes(2));
        JsonNode sweep = sweep();
        assertEquals(1, sweep.path("numbers").path("purchase_finished").asInt(), sweep.toString());
        assertEquals("ACTIVE", api.await(user, bought, SETTLED, Duration.ofSeconds(30)).path("status").asText());
        assertEquals(1, twilio.purchases(bought), "the sweep bought nothing");

        String other = api.agent(user, "Sales");
        String never = api.search("415", 5).get(0).path("phone_number").asText();
        twilio.faults().failNext(TwilioOperations.INCOMING_PHONE_NUMBERS_CREATE, 1, Fault.SERVER_ERROR);
        assertEquals(503, api.buy(user, never, other).status());
        age(never, Duration.ofMinutes(2));
        assertEquals(1, sweep().path("numbers").path("purchase_unconfirmed").asInt(), "asked, not yet undone");
        age(never, Duration.ofMinutes(11));
        assertEquals(1, sweep().path("numbers").path("claim_undone").asInt());
        assertEquals(404, http.get("/api/telephony/numbers/" + never, user).status());
        assertEquals(0, twilio.purchases(never), "the sweep never buys");
        assertFalse(http.get("/api/agents/" + other, user).json().hasNonNull("phone_number"), "the agent is free");
    }
}
