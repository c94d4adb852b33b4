package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.devkit.twilio.TwilioSandbox;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.providers.Providers;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Numbers nobody recorded, with the deployed default (AllowUnrecordedAccountNumbers false): assign takes only a
 * number the owner held before or one an operator granted them, and every other refusal is the same answer, so the
 * answers do not reveal the operator's Twilio inventory. Real parts: DynamoDB Local, the ASL engine, the sandboxes.
 */
class OperatorGrantsTest {
    private static final Set<String> SETTLED = Set.of("ACTIVE", "FAILED", "RELEASED");
    private static final Map<String, String> OPERATOR = Map.of("x-operator-key", "local-operator-key");
    private static LocalRuntime runtime;
    private static Http http;
    private static Telephony api;
    private static TwilioSandbox twilio;
    private static Providers providers;
    private String user;
    private String agent;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.create(SamTemplate.find(), new LocalRuntime.Options(0, "127.0.0.1", true, null)
                .withTimeScale(0.01).withProcessEnv(Map.of("ALLOW_UNRECORDED_ACCOUNT_NUMBERS", "false")));
        http = new Http("http://127.0.0.1:" + runtime.serve("127.0.0.1", 0).port());
        api = new Telephony(http);
        twilio = runtime.providers().twilioSandbox();
        providers = new Providers(Env.of(runtime.host().environment("AssignNumberFunction")));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @BeforeEach
    void fresh() throws InterruptedException {
        // A workflow an earlier test started (a buy it did not wait for) must not run on into the cleared world:
        // it would make a second inbound trunk beside this test's, the lease that prevents that being cleared too.
        assertTrue(runtime.awaitExecutions(java.time.Duration.ofSeconds(30)), "an earlier test's workflow still runs");
        runtime.dynamo().clear();
        twilio.reset();
        // A number a test left ACTIVE is on LiveKit's trunk: the next test's new trunk could not take it.
        runtime.providers().liveKitSandbox().reset();
        user = "owner-" + UUID.randomUUID();
        agent = api.agent(user, "Front desk");
    }

    /** A number in the operator's Twilio account that this stack never recorded (a support line, another app's). */
    private String unrecordedAccountNumber(String area) {
        String phone = api.search(area, 5).get(0).path("phone_number").asText();
        providers.twilio().buy(phone);
        return phone;
    }

    private static String answer(Http.Response r, String phone) {
        return r.status() + " " + r.body().replace(phone, "<number>");
    }

    private Http.Response grant(String phone, String owner, Map<String, String> headers) {
        return http.send("POST", "/api/operator/numbers/grants", null,
                "{\"phone_number\":\"" + phone + "\",\"owner_id\":\"" + owner + "\"}", headers);
    }

    private long numberRecords() {
        return runtime.dynamo().client().scan(b -> b.tableName("NumbersTable")).count();
    }

    @Test
    void unrecordedNotInTheAccountAndSomeoneElses_getTheSameAnswer_andChangeNothing() {
        String unrecorded = unrecordedAccountNumber("510");
        String absent = "+15005550123";
        String other = "owner-" + UUID.randomUUID();
        String theirs = api.search("415", 5).get(0).path("phone_number").asText();
        assertEquals(200, api.buy(other, theirs, api.agent(other, "Theirs")).status());
        long records = numberRecords();
        long attaches = twilio.faults().calls(com.arkenos.devkit.twilio.TwilioOperations.TRUNK_PHONE_NUMBERS_CREATE);

        String a = answer(api.assign(user, unrecorded, agent), unrecorded);
        String b = answer(api.assign(user, absent, agent), absent);
        String c = answer(api.assign(user, theirs, agent), theirs);
        assertTrue(a.startsWith("409 "), a);
        assertEquals(a, b, "not in the account answers as an unrecorded account number");
        assertEquals(a, c, "someone else's number answers the same");
        assertEquals(records, numberRecords(), "nothing recorded");
        assertEquals(attaches,
                twilio.faults().calls(com.arkenos.devkit.twilio.TwilioOperations.TRUNK_PHONE_NUMBERS_CREATE),
                "nothing routed");
    }

    @Test
    void aNumberTheOwnerHeldBefore_isAssignedAgain() {
        String phone = api.search("510", 5).get(0).path("phone_number").asText();
        assertEquals(200, api.buy(user, phone, agent).status());
        api.await(user, phone, SETTLED, Duration.ofSeconds(30));
        assertEquals(200, api.release(user, phone).status());
        assertEquals("RELEASED", api.await(user, phone, SETTLED, Duration.ofSeconds(30)).path("status").asText());
        assertEquals(200, api.assign(user, phone, agent).status());
        assertEquals("ACTIVE", api.await(user, phone, SETTLED, Duration.ofSeconds(30)).path("status").asText());
    }

    @Test
    void anOperatorsGrant_letsThatOwnerOnlyAssignTheNumber() {
        String phone = unrecordedAccountNumber("510");
        assertEquals(401, grant(phone, user, Map.of()).status());
        assertEquals(401, grant(phone, user, Map.of("x-operator-key", "guess")).status());
        assertEquals(401, grant(phone, user, Map.of("x-user-id", user)).status(), "a user is not an operator");
        assertEquals(0, numberRecords(), "refused grants recorded nothing");

        Http.Response granted = grant(phone, user, OPERATOR);
        assertEquals(200, granted.status(), granted.body());
        assertEquals(200, grant(phone, user, OPERATOR).status(), "granting again changes nothing");
        String stranger = "owner-" + UUID.randomUUID();
        Http.Response byStranger = api.assign(stranger, phone, api.agent(stranger, "Stranger"));
        assertEquals(409, byStranger.status(), byStranger.body());

        assertEquals(200, api.assign(user, phone, agent).status());
        assertEquals("ACTIVE", api.await(user, phone, SETTLED, Duration.ofSeconds(30)).path("status").asText());
        Http.Response inUse = grant(phone, stranger, OPERATOR);
        assertEquals(409, inUse.status(), "one owner per number while it is in use");
        assertEquals("number_in_use", inUse.errorCode());
    }

    @Test
    void aNumberAnotherOwnerReleased_isHandedOverByAGrant_withoutTheirHistory() {
        String phone = api.search("212", 5).get(0).path("phone_number").asText();
        assertEquals(200, api.buy(user, phone, agent).status());
        api.await(user, phone, SETTLED, Duration.ofSeconds(30));
        assertEquals(200, api.release(user, phone).status());
        assertEquals("RELEASED", api.await(user, phone, SETTLED, Duration.ofSeconds(30)).path("status").asText());
        assertEquals(List.of(), runtime.providers().liveKitSandbox().inboundTrunks().stream()
                .filter(t -> t.getNumbersList().contains(phone)).map(t -> t.getSipTrunkId()).toList(),
                "released: on no LiveKit trunk");
        String next = "owner-" + UUID.randomUUID();
        String nextAgent = api.agent(next, "Next");
        assertEquals(409, api.assign(next, phone, nextAgent).status(), "not theirs before the grant");

        Http.Response granted = grant(phone, next, OPERATOR);
        assertEquals(200, granted.status(), granted.body());
        assertEquals(404, http.get("/api/telephony/numbers/" + phone, user).status(), "no longer the first owner's");
        JsonNode theirs = api.number(next, phone);
        assertEquals("RELEASED", theirs.path("status").asText());
        assertEquals("granted", theirs.path("source").asText(), theirs.toString());
        theirs.path("steps").forEach(step -> assertTrue("PENDING".equals(step.path("state").asText())
                && !step.has("at") && !step.has("resource_id"), "none of the first owner's steps: " + theirs));
        assertTrue(theirs.path("last_error").isMissingNode() || theirs.path("last_error").isNull(), theirs.toString());
        assertTrue(theirs.path("agent_id").isMissingNode() || theirs.path("agent_id").isNull(), theirs.toString());
        assertEquals(409, api.assign(user, phone, agent).status(), "the first owner cannot take it back");
        assertEquals(200, api.assign(next, phone, nextAgent).status());
        JsonNode active = api.await(next, phone, SETTLED, Duration.ofSeconds(30));
        assertEquals("ACTIVE", active.path("status").asText(), active.toString());
        assertEquals(1, twilio.purchases(phone), "bought once, used twice");
    }

    @Test
    void theOperatorSeesTheSharedResources_verifiedAndRepaired() throws Exception {
        String phone = api.search("510", 5).get(0).path("phone_number").asText();
        assertEquals(200, api.buy(user, phone, agent).status());
        api.await(user, phone, SETTLED, Duration.ofSeconds(30));
        assertEquals(401, http.get("/api/operator/sip-infrastructure", user).status());
        runtime.host().invoke("SweepFunction", "{}".getBytes());

        Http.Response r = http.send("GET", "/api/operator/sip-infrastructure", null, null, OPERATOR);
        assertEquals(200, r.status(), r.body());
        JsonNode trunk = r.json().path("resources").get(0);
        assertEquals("twilio_trunk", trunk.path("resource").asText());
        assertTrue(trunk.path("recorded").asBoolean());
        assertTrue(trunk.path("sid").asText().startsWith("TK"), trunk.toString());
        assertTrue(trunk.hasNonNull("verified_at"), trunk.toString());
        assertTrue(!trunk.has("last_repair"), "nothing was repaired yet: " + trunk);

        OutOfBand.setTwilioTrunkDomain(twilio, trunk.path("sid").asText(), "someone-else.pstn.twilio.com");
        runtime.host().invoke("SweepFunction", "{}".getBytes());
        JsonNode repaired = http.send("GET", "/api/operator/sip-infrastructure", null, null, OPERATOR).json()
                .path("resources").get(0);
        assertTrue(repaired.path("last_repair").asText().contains("termination domain was changed to "
                + "someone-else.pstn.twilio.com"), repaired.toString());
        assertTrue(repaired.hasNonNull("repaired_at"), repaired.toString());
    }
}
