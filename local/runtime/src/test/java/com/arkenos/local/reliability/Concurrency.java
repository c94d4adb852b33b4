package com.arkenos.local.reliability;

import com.arkenos.devkit.faults.Fault;
import com.arkenos.devkit.livekit.LiveKitOperations;
import com.arkenos.local.Http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Requests that race: many buys of one number (one owner and one agent, one owner and many agents, two owners), many
 * assigns of one number to different agents, reassigns, release against retry, the first provisionings of a new
 * deployment at once, and the release of the last number against the provisioning of a new one. All requests of a
 * case are released together by a latch. Money is checked by Twilio's purchase count, the rest by the consistency
 * check and by routing.
 */
final class Concurrency {
    private record Result(int requests, String answers, String state, String resources, List<String> problems) {}

    private final Lanes lanes;

    Concurrency(Lanes lanes) {
        this.lanes = lanes;
    }

    Report.Section run() {
        Report.Section section = new Report.Section("concurrency", "Concurrency: requests that race");
        long start = System.nanoTime();
        Map<String, Function<World, Result>> cases = new LinkedHashMap<>();
        cases.put("25 parallel buys of one number, same owner and agent", w -> buys(w, 1, 1));
        cases.put("25 parallel buys of one number, same owner, 25 agents", w -> buys(w, 1, 25));
        cases.put("25 parallel buys of one number, two owners", w -> buys(w, 2, 25));
        cases.put("25 parallel assigns of one number to 25 agents", this::assigns);
        cases.put("10 parallel reassigns of one number to 10 agents (serialised)", this::reassigns);
        cases.put("release racing retry on a FAILED number (10 + 10)", w -> releaseVsRetry(w, true));
        cases.put("release racing retry on an ACTIVE number (10 + 10)", w -> releaseVsRetry(w, false));
        cases.put("10 first provisionings at once in a new deployment", this::firstProvisionings);
        cases.put("release of the last number racing the provisioning of another", this::lastReleaseVsNewNumber);
        if (CallFlow.deployed(lanes.world(0))) {
            cases.put("10 parallel first outbound calls (no outbound trunk yet)", this::firstOutboundCalls);
            cases.put("10 calls ended while their dial is in flight", this::endWhileDialling);
        }
        Map<String, Result> results = new ConcurrentHashMap<>();
        lanes.parallel(new ArrayList<>(cases.keySet()), (w, name) -> {
            try {
                results.put(name, cases.get(name).apply(w));
            } catch (RuntimeException e) {
                results.put(name, new Result(0, "-", "-", "-", List.of("the case threw " + e)));
            } finally {
                w.warm = false;
            }
        });
        section.note("Answers are HTTP status x count. Resources: Twilio trunks / LiveKit inbound trunks / dispatch"
                + " rules / outbound trunks / credential lists, and the most purchases of any number.");
        Report.Table t = section.table("race", "requests", "answers", "final state", "resources", "result");
        cases.keySet().forEach(name -> {
            Result r = results.get(name);
            t.row(name, r.requests(), r.answers(), r.state(), r.resources(), r.problems().isEmpty() ? "ok" : "FAIL");
            section.check(name, r.problems(), r.answers() + "; " + r.state());
        });
        section.millis = (System.nanoTime() - start) / 1_000_000;
        return section;
    }

    // ------------------------------------------------------------------ cases

    private Result buys(World w, int owners, int agents) {
        w.reset();
        String phone = w.freshNumber();
        List<String> ownerIds = new ArrayList<>();
        for (int i = 0; i < owners; i++) {
            ownerIds.add("owner-" + UUID.randomUUID());
        }
        List<String[]> who = new ArrayList<>(); // owner, agent
        for (int i = 0; i < agents; i++) {
            String owner = ownerIds.get(i % owners);
            who.add(new String[] {owner, w.api.agent(owner, "Racer " + i)});
        }
        List<Http.Response> answers = race(25, i -> {
            String[] a = who.get(i % who.size());
            return w.api.buy(a[0], phone, a[1]);
        });
        List<String> p = new ArrayList<>(noServerErrors(answers));
        long ok = answers.stream().filter(r -> r.status() == 200).count();
        if (ok < 1) {
            p.add("no buy succeeded");
        }
        if (agents > 1 && answers.stream().filter(r -> r.status() == 200).map(r -> r.json().path("agent_id").asText())
                .distinct().count() != 1) {
            p.add("answers name more than one winning agent");
        }
        String winnerOwner = null;
        for (String o : ownerIds) {
            if (w.api.number(o, phone) != null) {
                if (winnerOwner != null) {
                    p.add("two owners see the number");
                }
                winnerOwner = o;
            }
        }
        String state = winnerOwner == null ? "no owner" : w.api.settle(winnerOwner, phone);
        if (winnerOwner != null && !state.equals("ACTIVE")) {
            // A gateway timeout on a slow machine leaves the purchase to be settled by a replay: do what a user would.
            state = w.api.provision(winnerOwner, phone, w.api.number(winnerOwner, phone).path("agent_id").asText());
        }
        if (!state.equals("ACTIVE")) {
            p.add("ended " + state);
        }
        if (w.twilio.purchases(phone) != 1) {
            p.add(w.twilio.purchases(phone) + " purchases");
        }
        p.addAll(Consistency.check(w, true));
        return new Result(25, histogram(answers), state + ", " + w.twilio.purchases(phone) + " purchase",
                resources(w), p);
    }

    private Result assigns(World w) {
        w.reset();
        String owner = "owner-" + UUID.randomUUID();
        String phone = w.freshNumber();
        w.preown(phone);
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            agents.add(w.api.agent(owner, "Racer " + i));
        }
        List<Http.Response> answers = race(25, i -> w.api.assign(owner, phone, agents.get(i)));
        List<String> p = new ArrayList<>(noServerErrors(answers));
        long ok = answers.stream().filter(r -> r.status() == 200).count();
        if (ok != 1) {
            p.add(ok + " assigns succeeded, expected exactly 1");
        }
        if (answers.stream().anyMatch(r -> r.status() != 200 && r.status() != 409)) {
            p.add("an answer other than 200 or 409");
        }
        String state = w.api.settle(owner, phone);
        if (!state.equals("ACTIVE")) {
            p.add("ended " + state);
        }
        p.addAll(Consistency.check(w, true));
        return new Result(25, histogram(answers), state, resources(w), p);
    }

    private Result reassigns(World w) {
        w.reset();
        String owner = "owner-" + UUID.randomUUID();
        String phone = w.freshNumber();
        String first = w.api.agent(owner, "First");
        if (!w.api.provision(owner, phone, first).equals("ACTIVE")) {
            throw new IllegalStateException("setup: number not ACTIVE");
        }
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            targets.add(w.api.agent(owner, "Target " + i));
        }
        List<Http.Response> answers = race(10, i -> w.api.reassign(owner, phone, targets.get(i)));
        List<String> p = new ArrayList<>(noServerErrors(answers));
        // Reassigns are not refused by a held number: each one that reads the latest version moves it. What must
        // hold is that they were serialised: every success saw a different version, and one agent holds it after.
        List<Long> versions = answers.stream().filter(r -> r.status() == 200)
                .map(r -> r.json().path("version").asLong()).toList();
        if (versions.isEmpty()) {
            p.add("no reassign succeeded");
        }
        if (versions.stream().distinct().count() != versions.size()) {
            p.add("two reassigns succeeded on the same version: " + versions);
        }
        if (answers.stream().anyMatch(r -> r.status() != 200 && r.status() != 409)) {
            p.add("an answer other than 200 or 409");
        }
        String holder = w.api.number(owner, phone).path("agent_id").asText();
        Http.Response lookup = w.api.lookup(phone);
        if (!holder.equals(lookup.json().path("agent_id").asText())) {
            p.add("lookup names " + lookup.json().path("agent_id").asText() + ", the number names " + holder);
        }
        p.addAll(Consistency.check(w, true));
        return new Result(10, histogram(answers), "ACTIVE, held by 1 agent; " + versions.size()
                + " serialised moves", resources(w), p);
    }

    private Result releaseVsRetry(World w, boolean failed) {
        w.reset();
        String owner = "owner-" + UUID.randomUUID();
        String agent = w.api.agent(owner, "Racer");
        String phone = w.freshNumber();
        if (failed) {
            w.livekit.faults().failNext(LiveKitOperations.SIP_UPDATE_OUTBOUND_TRUNK, 100, Fault.SERVER_ERROR);
        }
        String before;
        if (failed) {
            w.api.buy(owner, phone, agent);
            before = w.api.settle(owner, phone);
        } else {
            before = w.api.provision(owner, phone, agent);
        }
        w.clearFaults();
        if (!before.equals(failed ? "FAILED" : "ACTIVE")) {
            throw new IllegalStateException("setup: number is " + before);
        }
        List<Http.Response> answers = race(20,
                i -> i % 2 == 0 ? w.api.release(owner, phone) : w.api.retry(owner, phone));
        List<String> p = new ArrayList<>(noServerErrors(answers));
        String state = w.api.settle(owner, phone);
        int rounds = 0;
        while (state.equals("FAILED") && rounds++ < 2) {
            w.api.retry(owner, phone);
            state = w.api.settle(owner, phone);
        }
        if (!state.equals("ACTIVE") && !state.equals("RELEASED")) {
            p.add("ended " + state);
        }
        if (state.equals("ACTIVE")) {
            p.addAll(CrashRecovery.routed(w, owner, phone, agent));
        } else if (w.livekit.routeInbound(phone, "+14155550123", FaultMatrix.TWILIO_EDGE).routed()
                || w.api.lookup(phone).status() != 404) {
            p.add("the released number is still routed");
        }
        p.addAll(Consistency.check(w, true));
        return new Result(20, histogram(answers), state + (rounds > 0 ? " after " + rounds + " retry" : ""),
                resources(w), p);
    }

    private Result firstProvisionings(World w) {
        w.reset();
        String owner = "owner-" + UUID.randomUUID();
        List<String> agents = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            agents.add(w.api.agent(owner, "First " + i));
            phones.add(w.freshNumber());
        }
        List<Http.Response> answers = race(10, i -> w.api.buy(owner, phones.get(i), agents.get(i)));
        List<String> p = new ArrayList<>(noServerErrors(answers));
        int retried = 0;
        for (String phone : phones) {
            String s = w.api.settle(owner, phone);
            if (!s.equals("ACTIVE")) {
                // Compressed time: the steps waiting on the creator's lease retry 100x faster than in AWS.
                retried++;
                s = w.api.provision(owner, phone, agents.get(phones.indexOf(phone)));
            }
            if (!s.equals("ACTIVE")) {
                p.add(phone + " ended " + s);
            }
        }
        p.addAll(Consistency.check(w, true));
        for (int i = 0; i < phones.size(); i++) {
            p.addAll(CrashRecovery.routed(w, owner, phones.get(i), agents.get(i)));
        }
        if (w.twilio.trunks().size() != 1 || w.livekit.inboundTrunks().size() != 1
                || w.livekit.dispatchRules().size() != 1
                || w.livekit.outboundTrunks().size() != 1 || w.twilio.credentialLists().size() != 1) {
            p.add("shared resources created more than once: " + resources(w));
        }
        return new Result(10, histogram(answers),
                "10 ACTIVE" + (retried > 0 ? " (" + retried + " after user action)" : ""), resources(w), p);
    }

    private Result lastReleaseVsNewNumber(World w) {
        List<String> p = new ArrayList<>();
        List<Http.Response> all = new ArrayList<>();
        int rounds = 3;
        for (int round = 0; round < rounds; round++) {
            w.reset();
            String owner = "owner-" + UUID.randomUUID();
            String a = w.api.agent(owner, "Leaving");
            String b = w.api.agent(owner, "Arriving");
            String phoneA = w.freshNumber();
            String phoneB = w.freshNumber();
            if (!w.api.provision(owner, phoneA, a).equals("ACTIVE")) {
                throw new IllegalStateException("setup: first number not ACTIVE");
            }
            List<Http.Response> answers = race(2,
                    i -> i == 0 ? w.api.release(owner, phoneA) : w.api.buy(owner, phoneB, b));
            all.addAll(answers);
            p.addAll(noServerErrors(answers));
            String sa = w.api.settle(owner, phoneA);
            String sb = w.api.settle(owner, phoneB);
            if (!sb.equals("ACTIVE")) {
                sb = w.api.provision(owner, phoneB, b); // a retry, as a user would (compressed lease waits)
            }
            if (!sa.equals("RELEASED") || !sb.equals("ACTIVE")) {
                p.add("round " + round + ": released number " + sa + ", new number " + sb);
            }
            int r = round;
            p.addAll(Consistency.check(w, true).stream().map(v -> "round " + r + ": " + v).toList());
            if (sb.equals("ACTIVE")) {
                p.addAll(CrashRecovery.routed(w, owner, phoneB, b));
            }
        }
        return new Result(2 * rounds, histogram(all), rounds + " rounds", resources(w), p);
    }

    /**
     * A deployment whose numbers are routed but that has no outbound trunk (made before outbound calls existed, or
     * deleted): the first calls, all at once, must create exactly one, and every call must be dialled once.
     */
    private Result firstOutboundCalls(World w) {
        w.reset();
        String owner = "owner-" + UUID.randomUUID();
        String agent = w.api.agent(owner, "Caller");
        String phone = w.freshNumber();
        if (!w.api.provision(owner, phone, agent).equals("ACTIVE")) {
            throw new IllegalStateException("setup: number not ACTIVE");
        }
        String trunk = w.livekit.outboundTrunks().get(0).getSipTrunkId();
        w.providers().livekit().deleteTrunk(trunk);
        w.dynamo().deleteItem(b -> b.tableName("SipInfraTable").key(java.util.Map.of("resource_id",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("livekit_outbound_trunk"))));
        CallFlow flow = new CallFlow(w, owner, agent);
        List<Http.Response> answers = race(10, i -> flow.place());
        List<String> p = new ArrayList<>(noServerErrors(answers));
        if (answers.stream().anyMatch(r -> r.status() != 201)) {
            p.add("not every call was placed");
        }
        for (String id : new ArrayList<>(flow.calls)) {
            flow.awaitOutcome(id);
            flow.end(id);
        }
        if (w.livekit.outboundTrunks().size() != 1) {
            p.add(w.livekit.outboundTrunks().size() + " outbound trunks");
        } else if (!w.livekit.outboundTrunks().get(0).getNumbersList().contains(phone)) {
            p.add("the new outbound trunk lacks the caller's number");
        }
        p.addAll(flow.check(true));
        p.addAll(Consistency.check(w, true));
        return new Result(10, histogram(answers), flow.calls.size() + " calls placed and ended", resources(w), p);
    }

    /** The owner hangs up while the callee's phone is still being dialled: nothing of the call may stay up. */
    private Result endWhileDialling(World w) {
        w.reset();
        String owner = "owner-" + UUID.randomUUID();
        String agent = w.api.agent(owner, "Caller");
        String phone = w.freshNumber();
        if (!w.api.provision(owner, phone, agent).equals("ACTIVE")) {
            throw new IllegalStateException("setup: number not ACTIVE");
        }
        CallFlow flow = new CallFlow(w, owner, agent);
        List<Http.Response> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Http.Response placed = flow.place();
            answers.add(placed);
            if (placed.status() == 201) {
                answers.add(flow.end(flow.calls.get(flow.calls.size() - 1)));
            }
        }
        for (String id : flow.calls) {
            flow.awaitOutcome(id);
        }
        Api.sleep(300); // let every dial step that was in flight finish
        List<String> p = new ArrayList<>(noServerErrors(answers));
        p.addAll(flow.check(true));
        return new Result(20, histogram(answers), "10 placed, 10 ended", resources(w) + ", "
                + w.livekit.rooms().size() + " rooms left", p);
    }

    // ------------------------------------------------------------------ helpers

    /** Runs {@code n} requests at once (all threads wait on one latch) and returns their answers in order. */
    static List<Http.Response> race(int n, IntFunction<Http.Response> request) {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Http.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return request.apply(k);
                }));
            }
            go.countDown();
            List<Http.Response> out = new ArrayList<>();
            for (Future<Http.Response> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    static List<String> noServerErrors(List<Http.Response> answers) {
        List<String> p = new ArrayList<>();
        answers.stream().filter(r -> r.status() >= 500).findFirst()
                .ifPresent(r -> p.add("a request answered " + r.status() + " " + r.body()));
        return p;
    }

    static String histogram(List<Http.Response> answers) {
        Map<String, Integer> h = new TreeMap<>();
        answers.forEach(r -> h.merge(r.status() + (r.status() >= 400 ? " " + r.errorCode() : ""), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        h.forEach((k, v) -> parts.add(k + " x" + v));
        return String.join(", ", parts);
    }

    static String resources(World w) {
        Consistency.Counts c = Consistency.counts(w);
        return c.twilioTrunks() + "/" + c.inboundTrunks() + "/" + c.dispatchRules() + "/" + c.outboundTrunks() + "/"
                + c.credentialLists() + ", max " + c.maxPurchases() + " purchase";
    }
}
