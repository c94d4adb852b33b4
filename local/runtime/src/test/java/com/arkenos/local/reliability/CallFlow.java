package com.arkenos.local.reliability;

import com.arkenos.local.Http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An outbound call as the dashboard makes one: place it, wait for the dial's outcome (the dial step runs
 * asynchronously), end it. Keeps the ids of every call a case placed, and checks calls against LiveKit: a live call
 * (RINGING, ANSWERED) has its room, a call that ended has none, no room exists without a live call, and nobody was
 * dialled twice for one call.
 */
final class CallFlow {
    static final String CALLEE = "+14155550142";
    static final Set<String> FINAL = Set.of("COMPLETED", "BUSY", "NO_ANSWER", "REJECTED", "FAILED");

    private final World w;
    private final String owner;
    private final String agent;
    final List<String> calls = new ArrayList<>();

    CallFlow(World w, String owner, String agent) {
        this.w = w;
        this.owner = owner;
        this.agent = agent;
    }

    static boolean deployed(World w) {
        return w.runtime.template().routes().stream().anyMatch(r -> r.path().equals("/api/calls/outbound"));
    }

    Http.Response place() {
        Http.Response placed = w.api.post("/api/calls/outbound", owner,
                "{\"agent_id\":\"" + agent + "\",\"phone_number\":\"" + CALLEE + "\"}");
        if (placed.status() == 201) {
            calls.add(placed.json().path("call_id").asText());
        }
        return placed;
    }

    /** Places a call, waits for its outcome and ends it; answers the first refusal, else the end's answer. */
    Http.Response run() {
        Http.Response placed = place();
        if (placed.status() != 201) {
            return placed;
        }
        String id = calls.get(calls.size() - 1);
        status(id, s -> !s.equals("RINGING"));
        return end(id);
    }

    Http.Response end(String id) {
        return w.api.post("/api/calls/" + id + "/end", owner, null);
    }

    /** Waits until call {@code id} stops ringing; answers its status. */
    String awaitOutcome(String id) {
        return status(id, s -> !s.equals("RINGING"));
    }

    /** The last call's status once it stops ringing (ABSENT when no call was placed). */
    String settle() {
        if (calls.isEmpty()) {
            return "ABSENT";
        }
        String s = status(calls.get(calls.size() - 1), x -> !x.equals("RINGING"));
        w.livekit.drainWebhooks(Duration.ofSeconds(2));
        return s;
    }

    /** The user's next move: end a call that is still up, or place a new one. */
    Http.Response recover(String status) {
        if (!calls.isEmpty() && (status.equals("ANSWERED") || status.equals("RINGING"))) {
            return end(calls.get(calls.size() - 1));
        }
        return run();
    }

    private String status(String id, Predicate<String> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String s = "?";
        long pause = 10;
        while (System.nanoTime() < deadline) {
            Http.Response r = w.api.get("/api/calls/" + id, owner);
            s = r.status() == 200 ? r.json().path("status").asText() : "HTTP " + r.status();
            if (done.test(s)) {
                return s;
            }
            Api.sleep(pause);
            pause = Math.min(60, pause * 3 / 2);
        }
        return s + "(stuck)";
    }

    /** Calls against LiveKit's rooms and dials; {@code settled} also requires every call to have ended. */
    List<String> check(boolean settled) {
        List<String> p = new ArrayList<>();
        w.livekit.drainWebhooks(Duration.ofSeconds(2));
        Set<String> rooms = w.livekit.rooms().stream().map(r -> r.getName()).collect(Collectors.toSet());
        Map<String, Long> dials = w.livekit.dialRequests().stream()
                .collect(Collectors.groupingBy(d -> d.roomName(), Collectors.counting()));
        Set<String> live = new java.util.HashSet<>();
        // Every call of the owner, including those whose placing request failed (they have no id in this case).
        List<String> ids = new ArrayList<>(calls);
        Http.Response listed = w.api.get("/api/calls?limit=100", owner);
        if (listed.status() == 200) {
            listed.json().path("calls").forEach(c -> {
                if (!ids.contains(c.path("call_id").asText())) {
                    ids.add(c.path("call_id").asText());
                }
            });
        }
        for (String id : ids) {
            Http.Response r = w.api.get("/api/calls/" + id, owner);
            String s = r.status() == 200 ? r.json().path("status").asText() : "HTTP " + r.status();
            String room = r.status() == 200 ? r.json().path("room_name").asText() : "outbound-" + id;
            if (!FINAL.contains(s)) {
                live.add(room);
                if (settled) {
                    p.add("call " + id + " is still " + s);
                }
                if (!rooms.contains(room) && s.equals("ANSWERED")) {
                    p.add("call " + id + " is ANSWERED but its room is gone");
                }
            } else if (rooms.contains(room)) {
                p.add("call " + id + " is " + s + " but its room " + room + " still exists with "
                        + w.livekit.participants(room).stream().map(x -> x.getIdentity()).toList());
            }
            if (dials.getOrDefault(room, 0L) > 1) {
                p.add("call " + id + " was dialled " + dials.get(room) + " times");
            }
        }
        for (String room : rooms) {
            if (room.startsWith("outbound-") && !live.contains(room)
                    && ids.stream().noneMatch(id -> room.equals("outbound-" + id))) {
                p.add("room " + room + " belongs to no call of this owner");
            }
        }
        return p;
    }
}
