package com.arkenos.local;

import com.arkenos.devkit.twilio.TwilioSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The numbers API's contract: idempotent buys, listing, check, assign errors, owner scoping. */
class NumbersApiTest {
    private final LocalRuntime runtime = TestStack.runtime();
    private final Http http = TestStack.http();
    private final Telephony api = new Telephony(http);
    private final TwilioSandbox twilio = runtime.providers().twilioSandbox();
    private String user;

    @BeforeEach
    void fresh() {
        TestStack.reset();
        user = "owner-" + UUID.randomUUID();
    }

    private String available(String area, int index) {
        return api.search(area, 10).get(index).get("phone_number").asText();
    }

    @Test
    void buy_whenRepeatedOrKeyed_buysOnce() {
        String agent = api.agent(user, "A");
        String phone = available("510", 0);
        String body = "{\"phone_number\":\"" + phone + "\",\"agent_id\":\"" + agent + "\"}";
        Http.Response first = http.send("POST", "/api/telephony/numbers/buy", user, body,
                Map.of("Idempotency-Key", "k-1"));
        Http.Response again = http.send("POST", "/api/telephony/numbers/buy", user, body,
                Map.of("Idempotency-Key", "k-1"));
        Http.Response unkeyed = api.buy(user, phone, agent);
        assertEquals(200, first.status(), first.body());
        assertEquals(200, again.status(), again.body());
        assertEquals(200, unkeyed.status(), unkeyed.body());
        assertEquals(first.json().get("twilio_sid"), again.json().get("twilio_sid"));
        assertEquals(1, twilio.purchases(phone));

        String other = available("510", 1);
        Http.Response reused = http.send("POST", "/api/telephony/numbers/buy", user,
                "{\"phone_number\":\"" + other + "\",\"agent_id\":\"" + agent + "\"}",
                Map.of("Idempotency-Key", "k-1"));
        assertEquals(422, reused.status(), reused.body());
        assertEquals("idempotency_key_reused", reused.errorCode());
        assertEquals(0, twilio.purchases(other));
        assertEquals("ACTIVE", api.awaitSettled(user, phone).get("status").asText());
    }

    /**
     * A buy Twilio refuses (the number is not for sale) was claimed first, as every buy is: the claim is undone so
     * that nothing is left. The agent keeps its version (a dashboard's If-Match still holds) and the key is free again.
     */
    @Test
    void buy_thatTwilioRefuses_leavesTheAgentAndTheKeyAsTheyWere() {
        String agent = api.agent(user, "A");
        long version = http.get("/api/agents/" + agent, user).json().get("version").asLong();
        String notForSale = "+15109999999";
        Http.Response refused = http.send("POST", "/api/telephony/numbers/buy", user,
                "{\"phone_number\":\"" + notForSale + "\",\"agent_id\":\"" + agent + "\"}",
                Map.of("Idempotency-Key", "k-9"));
        assertEquals(409, refused.status(), refused.body());
        assertEquals("number_unavailable", refused.errorCode());
        assertEquals(version, http.get("/api/agents/" + agent, user).json().get("version").asLong(),
                "the claim's two version steps are undone");
        assertEquals(404, http.get("/api/telephony/numbers/" + notForSale, user).status());

        String phone = available("510", 0);
        Http.Response bought = http.send("POST", "/api/telephony/numbers/buy", user,
                "{\"phone_number\":\"" + phone + "\",\"agent_id\":\"" + agent + "\"}",
                Map.of("Idempotency-Key", "k-9"));
        assertEquals(200, bought.status(), "the refused request did not keep the key: " + bought.body());
        assertEquals("ACTIVE", api.awaitSettled(user, phone).get("status").asText());
    }

    @Test
    void buy_whenAgentHoldsANumber_returns409AndBuysNothing() {
        String agent = api.agent(user, "A");
        String phone = available("415", 0);
        api.buy(user, phone, agent);
        api.awaitSettled(user, phone);
        String second = available("415", 0);
        Http.Response r = api.buy(user, second, agent);
        assertEquals(409, r.status(), r.body());
        assertEquals("agent_has_number", r.errorCode());
        assertEquals(0, twilio.purchases(second));
        assertEquals(404, http.get("/api/telephony/numbers/" + second, user).status());
    }

    @Test
    void assign_whenNotInAccount_returns404_andWhenHeld_returns409() {
        String a = api.agent(user, "A");
        String b = api.agent(user, "B");
        String notOwned = available("212", 0);
        Http.Response missing = api.assign(user, notOwned, a);
        assertEquals(404, missing.status(), missing.body());
        assertTrue(missing.json().at("/error/message").asText().contains("not in the Twilio account"));

        api.buy(user, notOwned, a);
        api.awaitSettled(user, notOwned);
        Http.Response held = api.assign(user, notOwned, b);
        assertEquals(409, held.status(), held.body());
        assertEquals("number_assigned", held.errorCode());
        String stranger = "owner-" + UUID.randomUUID();
        Http.Response foreign = api.assign(stranger, notOwned, api.agent(stranger, "S"));
        assertEquals(409, foreign.status(), foreign.body());
        assertFalse(foreign.body().contains(user), "another owner is never named");
    }

    @Test
    void listAndCheck_areScopedToTheOwner() {
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            String agent = api.agent(user, "A" + i);
            String phone = available("510", 0);
            api.buy(user, phone, agent);
            api.awaitSettled(user, phone);
            mine.add(phone);
        }
        Set<String> listed = new HashSet<>();
        String cursor = null;
        do {
            JsonNode page = http.get("/api/telephony/numbers?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    user).json();
            page.get("numbers").forEach(n -> listed.add(n.get("phone_number").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertEquals(mine, listed);

        String phone = mine.iterator().next();
        JsonNode check = http.get("/api/telephony/numbers/check?phone_number=" + phone.substring(1), user).json();
        assertTrue(check.get("assigned").asBoolean());
        assertTrue(check.has("agent_name"));
        String stranger = "owner-" + UUID.randomUUID();
        JsonNode foreign = http.get("/api/telephony/numbers/check?phone_number=" + phone.substring(1), stranger).json();
        assertFalse(foreign.get("assigned").asBoolean());
        assertFalse(foreign.toString().contains(user));
        assertEquals(0, http.get("/api/telephony/numbers", stranger).json().get("numbers").size());
        assertEquals(404, http.get("/api/telephony/numbers/" + phone, stranger).status());
        assertEquals(404, api.release(stranger, phone).status());
        assertEquals("ACTIVE", api.number(user, phone).get("status").asText());
    }

    @Test
    void badInput_isRefusedWithJson4xx() {
        String agent = api.agent(user, "A");
        assertEquals("invalid_phone_number", api.buy(user, "5105550100", agent).errorCode());
        assertEquals(400,
                http.post("/api/telephony/numbers/buy", user, "{\"phone_number\":\"+15105550100\"}").status());
        assertEquals(400, http.post("/api/telephony/numbers/release", user, "{}").status());
        assertEquals(400, http.get("/api/telephony/numbers/search?country=USA", null).status());
        assertEquals(400, http.get("/api/telephony/numbers/search?limit=51", null).status());
        assertEquals(401, http.post("/api/telephony/numbers/buy", null, "{}").status());
        assertEquals(0, twilio.ownedNumbers().size());
    }
}
