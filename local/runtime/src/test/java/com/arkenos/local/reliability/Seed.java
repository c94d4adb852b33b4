package com.arkenos.local.reliability;

import com.arkenos.local.Http;
import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Two owners with real things to attack: each has an agent with an ACTIVE number, an agent without one, and (when
 * the calls API is deployed) an outbound call that has ended. The hostile-input and tenant-isolation areas act on
 * them and then compare a snapshot of every table and of the sandboxes' inventories with the one taken here.
 */
final class Seed {
    final World world;
    final String ownerA = "owner-a-" + UUID.randomUUID();
    final String ownerB = "owner-b-" + UUID.randomUUID();
    final String agentA1;
    final String agentA2;
    final String agentB1;
    final String agentB2;
    final String phoneA;
    final String phoneB;
    final String callA;
    final String callB;
    final String nameA1 = "Alice-" + UUID.randomUUID().toString().substring(0, 8);
    final boolean calls;

    Seed(World w) {
        this.world = w;
        w.reset();
        w.warm = false;
        calls = w.runtime.template().routes().stream().anyMatch(r -> r.path().equals("/api/calls/outbound"));
        agentA1 = w.api.agent(ownerA, nameA1);
        agentA2 = w.api.agent(ownerA, "Alice-spare");
        agentB1 = w.api.agent(ownerB, "Bob");
        agentB2 = w.api.agent(ownerB, "Bob-spare");
        phoneA = w.freshNumber();
        phoneB = w.freshNumber();
        requireActive(w.api.provision(ownerA, phoneA, agentA1), phoneA);
        requireActive(w.api.provision(ownerB, phoneB, agentB1), phoneB);
        callA = calls ? endedCall(ownerA, agentA1) : null;
        callB = calls ? endedCall(ownerB, agentB1) : null;
    }

    private String endedCall(String owner, String agent) {
        Http.Response placed = world.api.post("/api/calls/outbound", owner,
                "{\"agent_id\":\"" + agent + "\",\"phone_number\":\"+14155550199\"}");
        require(placed, 201);
        String id = placed.json().path("call_id").asText();
        waitCall(owner, id, s -> !s.equals("RINGING"));
        require(world.api.post("/api/calls/" + id + "/end", owner, null), 200);
        waitCall(owner, id, s -> List.of("COMPLETED", "BUSY", "NO_ANSWER", "REJECTED", "FAILED").contains(s));
        world.livekit.drainWebhooks(Duration.ofSeconds(5));
        return id;
    }

    private void waitCall(String owner, String id, java.util.function.Predicate<String> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Http.Response r = world.api.get("/api/calls/" + id, owner);
            if (r.status() == 200 && done.test(r.json().path("status").asText())) {
                return;
            }
            Api.sleep(25);
        }
        throw new IllegalStateException("seed call " + id + " did not settle");
    }

    private static void requireActive(String status, String phone) {
        if (!status.equals("ACTIVE")) {
            throw new IllegalStateException("seed number " + phone + " is " + status);
        }
    }

    private static void require(Http.Response r, int status) {
        if (r.status() != status) {
            throw new IllegalStateException("seed request answered " + r.status() + ": " + r.body());
        }
    }

    /** Everything a request could change: every table, the Twilio account and trunks, LiveKit's SIP and rooms. */
    Map<String, Object> snapshot() {
        world.livekit.drainWebhooks(Duration.ofSeconds(2));
        Map<String, Object> s = new TreeMap<>(world.runtime.dynamo().snapshot());
        s.put("twilio.numbers", world.twilio.ownedNumbers().toString());
        s.put("twilio.trunks", world.twilio.trunks().toString());
        s.put("twilio.credentialLists", world.twilio.credentialLists().toString());
        s.put("livekit.inbound", world.livekit.inboundTrunks().toString());
        s.put("livekit.outbound", world.livekit.outboundTrunks().toString());
        s.put("livekit.rules", world.livekit.dispatchRules().toString());
        s.put("livekit.rooms", world.livekit.rooms().stream().map(r -> r.getName()).sorted().toList().toString());
        s.put("livekit.dials", world.livekit.dialRequests().size());
        return s;
    }

    /** The keys of two snapshots that differ. */
    static List<String> diff(Map<String, Object> before, Map<String, Object> after) {
        List<String> d = new ArrayList<>();
        Map<String, Object> all = new LinkedHashMap<>(before);
        after.forEach(all::putIfAbsent);
        all.keySet().forEach(k -> {
            if (!String.valueOf(before.get(k)).equals(String.valueOf(after.get(k)))) {
                d.add(k);
            }
        });
        return d;
    }

    /** A's things that must never show in an answer to B: ids, names, prompts, the Twilio sid. */
    Map<String, String> secretsOfA() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ownerA, "owner id");
        m.put(agentA1, "agent id");
        m.put(agentA2, "agent id");
        m.put(nameA1, "agent name");
        JsonNode number = world.api.number(ownerA, phoneA);
        m.put(number.path("twilio_sid").asText(), "Twilio sid");
        m.put(number.path("execution").path("name").asText(), "execution name");
        if (callA != null) {
            m.put(callA, "call id");
        }
        JsonNode agent = world.api.get("/api/agents/" + agentA1, ownerA).json();
        m.put(agent.path("config").path("system_prompt").asText(), "system prompt");
        m.put(phoneA, "phone number");
        return m;
    }

    static String json(Object o) {
        return Json.write(o);
    }
}
