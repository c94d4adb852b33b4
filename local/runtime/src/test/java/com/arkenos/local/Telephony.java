package com.arkenos.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The dashboard's calls, as the tests make them over HTTP against the local stack. */
final class Telephony {
    static final String WORKER_KEY = "local-worker-key";
    private final Http http;

    Telephony(Http http) {
        this.http = http;
    }

    String agent(String user, String name) {
        Http.Response r = http.post("/api/agents", user,
                "{\"name\":\"" + name + "\",\"config\":{\"system_prompt\":\"You are " + name + ".\"}}");
        assertEquals(201, r.status(), r.body());
        return r.json().get("id").asText();
    }

    JsonNode search(String areaCode, int limit) {
        Http.Response r = http.get("/api/telephony/numbers/search?country=US&area_code=" + areaCode + "&limit=" + limit,
                null);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    Http.Response buy(String user, String phone, String agent) {
        return http.post("/api/telephony/numbers/buy", user,
                "{\"phone_number\":\"" + phone + "\",\"agent_id\":\"" + agent + "\"}");
    }

    Http.Response assign(String user, String phone, String agent) {
        return http.post("/api/telephony/numbers/assign", user,
                "{\"phone_number\":\"" + phone + "\",\"agent_id\":\"" + agent + "\"}");
    }

    Http.Response release(String user, String phone) {
        return http.post("/api/telephony/numbers/release", user, "{\"phone_number\":\"" + phone + "\"}");
    }

    Http.Response retry(String user, String phone) {
        return http.post("/api/telephony/numbers/retry", user, "{\"phone_number\":\"" + phone + "\"}");
    }

    Http.Response reassign(String user, String phone, String target) {
        return http.post("/api/telephony/numbers/reassign", user,
                "{\"phone_number\":\"" + phone + "\",\"target_agent_id\":\"" + target + "\"}");
    }

    JsonNode number(String user, String phone) {
        Http.Response r = http.get("/api/telephony/numbers/" + phone, user);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    Http.Response lookup(String phone) {
        return http.send("GET", "/api/telephony/lookup?phone_number=" + java.net.URLEncoder.encode(phone,
                java.nio.charset.StandardCharsets.UTF_8), null, null, Map.of("x-worker-key", WORKER_KEY));
    }

    /** Polls the number until its status is one of {@code done}; fails after {@code timeout}. */
    JsonNode await(String user, String phone, Set<String> done, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode n = number(user, phone);
        while (!done.contains(n.get("status").asText())) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("number " + phone + " stayed " + n.get("status") + ": " + n);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            n = number(user, phone);
        }
        return n;
    }

    JsonNode awaitSettled(String user, String phone) {
        return await(user, phone, Set.of("ACTIVE", "FAILED", "RELEASED"), Duration.ofSeconds(30));
    }
}
