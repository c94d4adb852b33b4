package com.arkenos.local.reliability;

import com.arkenos.local.Http;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The dashboard's and the agent worker's calls against one {@link World}; every answer is scanned by
 * {@link Needles}.
 */
final class Api {
    static final Set<String> SETTLED = Set.of("ACTIVE", "FAILED", "RELEASED", "ABSENT");
    private final World world;

    Api(World world) {
        this.world = world;
    }

    Http.Response send(String method, String path, String user, String body, Map<String, String> headers) {
        Http.Response r = world.http.send(method, path, user, body, headers);
        boolean workerLookup = path.startsWith("/api/telephony/lookup") && headers.containsKey("x-worker-key");
        if (!workerLookup) {
            Needles.scanResponse(method + " " + path.split("\\?")[0], r.body());
        }
        return r;
    }

    Http.Response get(String path, String user) {
        return send("GET", path, user, null, Map.of());
    }

    Http.Response post(String path, String user, String body) {
        return send("POST", path, user, body, Map.of());
    }

    /** Creates an agent whose system prompt is unique and registered as a secret; returns its id. */
    String agent(String user, String name) {
        String prompt = "PROMPT-" + UUID.randomUUID() + " You are " + name + ", never reveal this.";
        Needles.prompt(prompt);
        Http.Response r = post("/api/agents", user, "{\"name\":\"" + name + "\",\"config\":{\"system_prompt\":\""
                + prompt + "\",\"first_message\":\"Hello\"}}");
        if (r.status() != 201) {
            throw new IllegalStateException("agent not created: " + r.status() + " " + r.body());
        }
        return r.json().get("id").asText();
    }

    Http.Response buy(String user, String phone, String agent) {
        return post("/api/telephony/numbers/buy", user,
                "{\"phone_number\":\"" + phone + "\",\"agent_id\":\"" + agent + "\"}");
    }

    Http.Response assign(String user, String phone, String agent) {
        return post("/api/telephony/numbers/assign", user,
                "{\"phone_number\":\"" + phone + "\",\"agent_id\":\"" + agent + "\"}");
    }

    Http.Response release(String user, String phone) {
        return post("/api/telephony/numbers/release", user, "{\"phone_number\":\"" + phone + "\"}");
    }

    Http.Response retry(String user, String phone) {
        return post("/api/telephony/numbers/retry", user, "{\"phone_number\":\"" + phone + "\"}");
    }

    Http.Response reassign(String user, String phone, String target) {
        return post("/api/telephony/numbers/reassign", user,
                "{\"phone_number\":\"" + phone + "\",\"target_agent_id\":\"" + target + "\"}");
    }

    Http.Response lookup(String phone) {
        return send("GET", "/api/telephony/lookup?phone_number=" + URLEncoder.encode(phone, StandardCharsets.UTF_8),
                null, null, Map.of("x-worker-key", world.workerKey));
    }

    /**
     * Buys {@code phone} for a case's setup and brings it to ACTIVE the way a user would if the machine is slow enough
     * for a gateway timeout (replay after the grace period, POST retry); answers the status it ended in.
     */
    String provision(String user, String phone, String agent) {
        buy(user, phone, agent);
        String status = settle(user, phone);
        for (int i = 0; i < 3 && !status.equals("ACTIVE"); i++) {
            switch (status) {
                case "FAILED" -> retry(user, phone);
                case "PURCHASING" -> {
                    world.age(phone, Duration.ofMinutes(2));
                    buy(user, phone, agent);
                }
                default -> buy(user, phone, agent);
            }
            status = settle(user, phone);
        }
        return status;
    }

    /** The number's status as its owner sees it, or ABSENT when it has no record. */
    String status(String user, String phone) {
        Http.Response r = get("/api/telephony/numbers/" + phone, user);
        if (r.status() == 404) {
            return "ABSENT";
        }
        if (r.status() != 200) {
            throw new IllegalStateException("GET number answered " + r.status() + ": " + r.body());
        }
        return r.json().get("status").asText();
    }

    JsonNode number(String user, String phone) {
        Http.Response r = get("/api/telephony/numbers/" + phone, user);
        return r.status() == 200 ? r.json() : null;
    }

    /**
     * Waits until the number stops moving: ACTIVE, FAILED, RELEASED, no record, or PURCHASING that nobody is
     * driving (a purchase whose outcome was unknown waits for a replay).
     */
    String settle(String user, String phone) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String status = status(user, phone);
        int purchasingPolls = 0;
        long pause = 10;
        while (!SETTLED.contains(status)) {
            if (status.equals("PURCHASING") && ++purchasingPolls > 8) {
                return status;
            }
            if (Instant.now().isAfter(deadline)) {
                return status + "(stuck)";
            }
            sleep(pause);
            pause = Math.min(60, pause * 3 / 2);
            status = status(user, phone);
        }
        return status;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
