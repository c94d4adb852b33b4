package com.arkenos.local.reliability;

import com.arkenos.devkit.faults.Fault;
import com.arkenos.devkit.faults.FaultPlan;
import com.arkenos.devkit.livekit.InboundRoute;
import com.arkenos.devkit.livekit.LiveKitOperations;
import com.arkenos.devkit.twilio.TwilioOperations;
import com.arkenos.local.Http;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every provider operation that buy, assign, release, retry and an outbound call use, times every fault kind, through
 * the real state machines and functions. The operations are not listed by hand: a fault-free run of each phase counts
 * the calls each sandbox served, and every operation it saw (every call of it, when a phase calls it more than once)
 * becomes a row. A case injects one fault on that call, runs the phase, lets it settle and checks the state; then it
 * does what a user would (send the request again, POST retry, place the call again, end it again) until the phase's
 * expected state, and checks again: the number's (or call's) status, at most one purchase, the providers' inventory
 * equal to what DynamoDB records, calls against LiveKit's rooms and dials, routing.
 */
final class FaultMatrix {
    static final String TWILIO_EDGE = "54.172.60.1";

    /** The fault kinds: the sandboxes' five, and a response lost after the provider did the work. */
    enum Kind {
        RATE_LIMITED("429", Fault.RATE_LIMITED), SERVER_ERROR("500", Fault.SERVER_ERROR),
        TIMEOUT("timeout", Fault.TIMEOUT), RESET("reset", Fault.RESET), PERMANENT("4xx", Fault.PERMANENT),
        LOST("lost answer", null);

        final String label;
        final Fault fault;

        Kind(String label, Fault fault) {
            this.label = label;
            this.fault = fault;
        }
    }

    enum Phase {
        BUY("buy", "ACTIVE"), ASSIGN("assign", "ACTIVE"), RELEASE("release", "RELEASED"), RETRY("retry", "ACTIVE"),
        OUTBOUND("outbound call", "COMPLETED");

        final String label;
        final String expected;

        Phase(String label, String expected) {
            this.label = label;
            this.expected = expected;
        }
    }

    /** One row: an operation's {@code occurrence}-th call in a phase, optionally after a lost purchase answer. */
    record Row(Phase phase, String step, String provider, String operation, int occurrence, boolean afterLostPurchase) {
        String label() {
            return operation + (occurrence > 1 ? " (call " + occurrence + ")" : "");
        }
    }

    /** A phase ready to run: who, with which agents, on which number. */
    private record Setup(String owner, String agent, String phone, CallFlow calls) {}

    private record Outcome(String cell, boolean passed, String detail, long millis) {}

    private final Lanes lanes;
    private final Map<Phase, Map<String, Long>> baselines = new ConcurrentHashMap<>();

    FaultMatrix(Lanes lanes) {
        this.lanes = lanes;
    }

    Report.Section run() {
        Report.Section section = new Report.Section("fault-matrix", "Fault matrix: provider faults at every step");
        long start = System.nanoTime();
        // 1. discover the operations each phase uses (one phase per lane)
        List<Phase> phases = java.util.Arrays.stream(Phase.values())
                .filter(p -> p != Phase.OUTBOUND || CallFlow.deployed(lanes.world(0))).toList();
        lanes.parallel(phases, (world, phase) -> baselines.put(phase, baseline(world, phase)));
        List<Row> rows = new ArrayList<>();
        for (Phase p : phases) {
            Map<String, Long> counts = baselines.get(p);
            counts.forEach((op, n) -> {
                for (int i = 1; i <= n; i++) {
                    rows.add(new Row(p, step(p, op, i), provider(op), op, i, false));
                }
            });
            if (p == Phase.BUY) {
                // Only reached when the purchase answer is lost: the account is asked whether the purchase went
                // through.
                rows.add(new Row(p, "buy request", "twilio", TwilioOperations.INCOMING_PHONE_NUMBERS_LIST, 1, true));
            }
        }
        rows.sort((a, b) -> a.phase() != b.phase() ? a.phase().compareTo(b.phase())
                : a.step().equals(b.step()) ? a.label().compareTo(b.label()) : stepOrder(a).compareTo(stepOrder(b)));
        // 2. every row times every fault kind, spread over the lanes
        record Job(Row row, Kind kind) {}
        List<Job> jobs = new ArrayList<>();
        rows.forEach(r -> {
            for (Kind k : Kind.values()) {
                jobs.add(new Job(r, k));
            }
        });
        // Releases first, then the other new-deployment cases (which leave their world warm), then the warm ones.
        jobs.sort(java.util.Comparator.comparingInt(
                j -> j.row().phase() == Phase.RELEASE ? 0 : needsFresh(j.row()) ? 1 : 2));
        Map<Job, Outcome> outcomes = new ConcurrentHashMap<>();
        lanes.parallel(jobs, (world, job) -> {
            long t0 = System.nanoTime();
            try {
                outcomes.put(job, runCase(world, job.row(), job.kind()));
            } catch (RuntimeException e) {
                world.warm = false;
                outcomes.put(job, new Outcome("FAIL", false, "the case threw " + e, ms(t0)));
            }
        });

        // 3. the report
        section.note("Each case: one fault injected on one provider call, the phase run through the real state"
                + " machine (a new deployment for rows on shared SIP pieces and for releases, else a deployment that"
                + " already routes other numbers), then the user's recovery (the same request again, POST retry, the"
                + " call placed or ended again) until the expected state. Checked after the fault and after the"
                + " recovery: the number's status (a FAILED one names the failed step), at most one purchase per"
                + " number, Twilio trunk/origination URL/credential list/trunk numbers and LiveKit inbound"
                + " trunk/dispatch rule/outbound trunk (and their numbers) equal to SipInfraTable and the numbers"
                + " table, agents and numbers pointing at each other, routing (lookup and LiveKit's inbound routing),"
                + " and for calls: no room without a live call, no live call without its room, nobody dialled twice"
                + " for one call.");
        section.note("Operations per phase were found by a fault-free run (calls counted by the sandboxes): "
                + String.join("; ", phases.stream().map(p -> p.label + " " + baselines.get(p).values().stream()
                .mapToLong(Long::longValue).sum() + " calls of " + baselines.get(p).size() + " operations").toList())
                + ". Gateway read timeout " + World.READ_TIMEOUT_MS + " ms; a TIMEOUT holds the call "
                + World.TIMEOUT_HOLD_MS + " ms; Step Functions retry waits at 1/100 scale.");
        section.note("Cells: `auto` = reached the expected state with no user action (retries absorbed it);"
                + " `rN` = after N user actions (request sent again or POST retry); `FAIL` = a check failed;"
                + " `skip` = the fault never reached the operation.");
        List<String> header = new ArrayList<>(List.of("phase", "step", "operation"));
        for (Kind k : Kind.values()) {
            header.add(k.label);
        }
        Report.Table table = section.table(header.toArray(String[]::new));
        for (Row r : rows) {
            List<Object> cells = new ArrayList<>(List.of(r.phase().label, r.step(),
                    (r.afterLostPurchase() ? "IncomingPhoneNumbers.create lost, then " : "") + r.label()));
            for (Kind k : Kind.values()) {
                Outcome o = outcomes.get(new Job(r, k));
                cells.add(o.cell());
                String name = r.phase().label + " / " + r.step() + " / " + cells.get(2) + " / " + k.label;
                if (o.cell().equals("skip")) {
                    section.skip(name, o.detail());
                } else if (o.passed()) {
                    section.pass(name, o.detail());
                } else {
                    section.fail(name, o.detail());
                }
            }
            table.row(cells.toArray());
        }
        long auto = outcomes.values().stream().filter(o -> o.cell().equals("auto")).count();
        long recovered = outcomes.values().stream().filter(o -> o.cell().startsWith("r")).count();
        long ms = outcomes.values().stream().mapToLong(Outcome::millis).sum();
        section.note(rows.size() + " operation rows x " + Kind.values().length + " fault kinds = " + jobs.size()
                + " cases on " + lanes.size() + " lanes: " + auto + " recovered on their own, " + recovered
                + " after user action; mean " + (jobs.isEmpty() ? 0 : ms / jobs.size()) + " ms per case.");
        section.millis = (System.nanoTime() - start) / 1_000_000;
        return section;
    }

    // ------------------------------------------------------------------ phases

    /**
     * Rows on a per-number operation run in a warm deployment (shared SIP pieces in place, other numbers ACTIVE), as
     * the Nth number would; rows on a shared piece, and releases (whose last number retires the LiveKit trunks), need
     * a new deployment. A world is warm after a case that passed and left it provisioned.
     */
    static boolean needsFresh(Row row) {
        return row.phase() == Phase.RELEASE || (row.phase() == Phase.BUY && row.step().startsWith("Ensure"));
    }

    private Setup setup(World w, Phase phase) {
        return setup(w, phase, true);
    }

    private Setup setup(World w, Phase phase, boolean fresh) {
        if (fresh || !w.warm) {
            w.reset();
            w.warm = false;
        }
        if (phase == Phase.OUTBOUND && w.warm && w.caller != null) {
            // Calls change no number: a warm deployment keeps one caller for every outbound case.
            return new Setup(w.caller[0], w.caller[1], w.caller[2], new CallFlow(w, w.caller[0], w.caller[1]));
        }
        String owner = "owner-" + java.util.UUID.randomUUID();
        String agent = w.api.agent(owner, "Matrix agent");
        if (!fresh && !w.warm) {
            String first = w.freshNumber();
            expectActive(w, owner, first, w.api.agent(owner, "First agent"));
        }
        String phone = w.freshNumber();
        switch (phase) {
            case BUY -> {
            }
            case ASSIGN -> {
                if (fresh) {
                    String first = w.freshNumber();
                    expectActive(w, owner, first, w.api.agent(owner, "First agent"));
                }
                w.preown(phone);
            }
            case RELEASE -> expectActive(w, owner, phone, agent);
            case RETRY -> {
                w.livekit.faults().failNext(LiveKitOperations.SIP_UPDATE_OUTBOUND_TRUNK, 100, Fault.SERVER_ERROR);
                expectStatus(w, owner, phone, w.api.buy(owner, phone, agent), "FAILED");
                w.clearFaults();
            }
            case OUTBOUND -> {
                expectActive(w, owner, phone, agent);
                w.caller = new String[] {owner, agent, phone};
            }
        }
        return new Setup(owner, agent, phone, new CallFlow(w, owner, agent));
    }

    private static void expectActive(World w, String owner, String phone, String agent) {
        String s = w.api.provision(owner, phone, agent);
        if (!s.equals("ACTIVE")) {
            JsonNode n = w.api.number(owner, phone);
            throw new IllegalStateException("setup: " + phone + " is " + s + ", not ACTIVE (last_error "
                    + (n == null ? null : n.path("last_error")) + ")");
        }
    }

    private static void expectStatus(World w, String owner, String phone, Http.Response r, String status) {
        String s = w.api.settle(owner, phone);
        if (!s.equals(status)) {
            JsonNode n = w.api.number(owner, phone);
            throw new IllegalStateException("setup: " + phone + " is " + s + ", not " + status + " (buy answered "
                    + r.status() + "; last_error " + (n == null ? null : n.path("last_error")) + ")");
        }
    }

    private static Http.Response act(World w, Phase phase, Setup s) {
        return switch (phase) {
            case BUY -> w.api.buy(s.owner(), s.phone(), s.agent());
            case ASSIGN -> w.api.assign(s.owner(), s.phone(), s.agent());
            case RELEASE -> w.api.release(s.owner(), s.phone());
            case RETRY -> w.api.retry(s.owner(), s.phone());
            case OUTBOUND -> s.calls().run();
        };
    }

    /** Where the phase's subject settled: the number's status, or for a call the last call's status. */
    private static String settle(World w, Phase phase, Setup s) {
        return phase == Phase.OUTBOUND ? s.calls().settle() : w.api.settle(s.owner(), s.phone());
    }

    /** The operations (and call counts) of a fault-free run of {@code phase}. */
    private Map<String, Long> baseline(World w, Phase phase) {
        Setup s = setup(w, phase);
        Map<String, Long> before = counts(w);
        Http.Response r = act(w, phase, s);
        String status = settle(w, phase, s);
        if (!status.equals(phase.expected)) {
            JsonNode n = w.api.number(s.owner(), s.phone());
            throw new IllegalStateException("fault-free " + phase.label + " ended " + status + " (answer " + r.status()
                    + "; last_error " + (n == null ? null : n.path("last_error")) + ")");
        }
        Map<String, Long> after = counts(w);
        Map<String, Long> used = new TreeMap<>();
        after.forEach((op, n) -> {
            long d = n - before.getOrDefault(op, 0L);
            if (d > 0) {
                used.put(op, d);
            }
        });
        return used;
    }

    private static Map<String, Long> counts(World w) {
        Map<String, Long> m = new HashMap<>(w.twilio.faults().callCounts());
        w.livekit.faults().callCounts().forEach((k, v) -> m.put(k, v));
        return m;
    }

    // ------------------------------------------------------------------ one case

    private Outcome runCase(World w, Row row, Kind kind) {
        long start = System.nanoTime();
        List<String> problems = new ArrayList<>();
        w.warm = w.warm && !needsFresh(row);
        Setup s = setup(w, row.phase(), needsFresh(row));
        FaultPlan plan = row.provider().equals("twilio") ? w.twilio.faults() : w.livekit.faults();
        Relay relay = row.provider().equals("twilio") ? w.twilioRelay : w.livekitRelay;
        long callsBefore = plan.calls(row.operation());
        if (row.afterLostPurchase()) {
            w.twilioRelay.loseResponse(TwilioOperations.INCOMING_PHONE_NUMBERS_CREATE, 1);
        }
        if (kind == Kind.LOST) {
            relay.loseResponse(row.operation(), row.occurrence());
        } else {
            relay.after(row.operation(), row.occurrence() - 1, () -> plan.failNext(row.operation(), 1, kind.fault));
        }
        Http.Response first = act(w, row.phase(), s);
        String status = settle(w, row.phase(), s);
        boolean reached = kind == Kind.LOST ? relay.dropped(row.operation()) > 0
                : plan.calls(row.operation()) - callsBefore >= row.occurrence();
        w.clearFaults();
        if (!reached) {
            w.warm = false;
            return new Outcome("skip", true, "the fault never reached " + row.label() + " (first answer "
                    + first.status() + ", " + status + ")", ms(start));
        }
        if (first.status() >= 500 && first.status() != 502 && first.status() != 503) {
            problems.add("first answer " + first.status() + " " + first.body());
        }
        if (first.status() >= 400 && !first.body().contains("\"error\"")) {
            problems.add("first answer is not a JSON error: " + first.body());
        }
        problems.addAll(intermediate(w, row, s, status, first));
        problems.addAll(prefixed("after the fault: ", Consistency.check(w, status.equals(row.phase().expected))));
        problems.addAll(prefixed("after the fault: ", s.calls().check(status.equals(row.phase().expected))));

        // the user's recovery
        int actions = 0;
        while (!status.equals(row.phase().expected) && actions < 4) {
            actions++;
            Http.Response again = recover(w, row.phase(), s, status);
            if (again.status() >= 500) {
                problems.add("recovery " + actions + " answered " + again.status() + " " + again.body());
            }
            status = settle(w, row.phase(), s);
        }
        if (!status.equals(row.phase().expected)) {
            problems.add("ended " + status + " after " + actions + " user actions, expected " + row.phase().expected);
        }
        problems.addAll(prefixed(actions > 0 ? "after recovery: " : "",
                actions > 0 ? Consistency.check(w, true) : List.of()));
        problems.addAll(prefixed(actions > 0 ? "after recovery: " : "",
                actions > 0 ? s.calls().check(true) : List.of()));
        problems.addAll(routing(w, row.phase(), s));
        int purchases = w.twilio.purchases(s.phone());
        if (purchases > 1) {
            problems.add(purchases + " purchases of " + s.phone());
        }
        if (row.phase() == Phase.BUY && purchases != 1) {
            problems.add(purchases + " purchases of the bought number");
        }
        w.warm = problems.isEmpty() && (status.equals("ACTIVE") || row.phase() == Phase.OUTBOUND);
        String cell = !problems.isEmpty() ? "FAIL" : actions == 0 ? "auto" : "r" + actions;
        String detail = problems.isEmpty() ? "first answer " + first.status() + ", then " + (actions == 0 ? "settled"
                : actions + " user action(s)") + " -> " + status : String.join("; ", problems);
        return new Outcome(cell, problems.isEmpty(), detail, ms(start));
    }

    /** The state right after the fault: one the phase may legitimately be in, and if FAILED, naming the step. */
    private static List<String> intermediate(World w, Row row, Setup s, String status, Http.Response first) {
        List<String> p = new ArrayList<>();
        Set<String> allowed = switch (row.phase()) {
            case BUY -> Set.of("ACTIVE", "FAILED", "ABSENT", "PURCHASING");
            case ASSIGN -> Set.of("ACTIVE", "FAILED", "ABSENT");
            case RELEASE -> Set.of("RELEASED", "FAILED", "ACTIVE");
            case RETRY -> Set.of("ACTIVE", "FAILED");
            case OUTBOUND -> Set.of("COMPLETED", "FAILED", "ABSENT", "ANSWERED");
        };
        if (!allowed.contains(status)) {
            p.add("after the fault the number is " + status);
        }
        if (status.equals("PURCHASING") && !first.body().contains("purchase_outcome_unknown")) {
            p.add("left PURCHASING though the answer was " + first.status() + " " + first.body());
        }
        if (status.equals("FAILED") && row.step().matches("[A-Z][A-Za-z]+")) {
            JsonNode n = w.api.number(s.owner(), s.phone());
            String failedStep = n == null ? null : n.at("/last_error/step").asText(null);
            if (!row.step().equals(failedStep)) {
                p.add("FAILED naming step " + failedStep + ", not " + row.step());
            }
        }
        return p;
    }

    private static Http.Response recover(World w, Phase phase, Setup s, String status) {
        if (phase == Phase.OUTBOUND) {
            return s.calls().recover(status);
        }
        return switch (status) {
            case "FAILED" -> w.api.retry(s.owner(), s.phone());
            case "PURCHASING" -> {
                w.age(s.phone(), Duration.ofMinutes(2)); // the request that died is given up for lost
                yield w.api.buy(s.owner(), s.phone(), s.agent());
            }
            default -> act(w, phase, s); // the request failed before anything started: send it again
        };
    }

    /** Calls to the number reach its agent exactly when it is ACTIVE. */
    private static List<String> routing(World w, Phase phase, Setup s) {
        List<String> p = new ArrayList<>();
        Http.Response lookup = w.api.lookup(s.phone());
        InboundRoute route = w.livekit.routeInbound(s.phone(), "+14155550123", TWILIO_EDGE);
        if (!phase.expected.equals("RELEASED")) {
            if (lookup.status() != 200 || !s.agent().equals(lookup.json().path("agent_id").asText())) {
                p.add("lookup answered " + lookup.status());
            }
            if (!route.routed()) {
                p.add("LiveKit would not route a call: " + route.result());
            }
        } else {
            if (lookup.status() != 404) {
                p.add("lookup of a released number answered " + lookup.status());
            }
            if (route.routed()) {
                p.add("LiveKit still routes the released number");
            }
        }
        return p;
    }

    // ------------------------------------------------------------------ naming

    private static final Map<String, String> STEP = new LinkedHashMap<>();

    static {
        for (String op : List.of("Trunks.list", "Trunks.create", "OriginationUrls.list", "OriginationUrls.create")) {
            STEP.put(op, "EnsureTwilioTrunk");
        }
        STEP.put("SIP.ListSIPInboundTrunk", "EnsureInboundTrunk");
        STEP.put("SIP.CreateSIPInboundTrunk", "EnsureInboundTrunk");
        STEP.put("SIP.ListSIPDispatchRule", "EnsureDispatchRule");
        STEP.put("SIP.CreateSIPDispatchRule", "EnsureDispatchRule");
        for (String op : List.of("CredentialLists.list", "CredentialLists.create", "Credentials.list",
                "Credentials.create", "TrunkCredentialLists.create", "TrunkCredentialLists.list", "Trunks.fetch",
                "Trunks.update", "SIP.CreateSIPOutboundTrunk")) {
            STEP.put(op, "EnsureOutboundTrunk");
        }
        STEP.put("TrunkPhoneNumbers.create", "AttachToTwilioTrunk");
        STEP.put("TrunkPhoneNumbers.fetch", "AttachToTwilioTrunk");
        STEP.put("TrunkPhoneNumbers.delete", "DetachFromTwilioTrunk");
        STEP.put("SIP.DeleteSIPDispatchRule", "RemoveFromInboundTrunk");
    }

    private static final List<String> ORDER = List.of("buy request", "assign request", "place call request",
            "dial step (async)", "end call request", "EnsureTwilioTrunk",
            "EnsureInboundTrunk", "EnsureDispatchRule", "EnsureOutboundTrunk", "AttachToTwilioTrunk",
            "AddToInboundTrunk", "AddToOutboundTrunk", "RemoveFromInboundTrunk", "RemoveFromOutboundTrunk",
            "DetachFromTwilioTrunk");

    private static Integer stepOrder(Row r) {
        int i = ORDER.indexOf(r.step());
        return i < 0 ? ORDER.size() : i;
    }

    static String step(Phase phase, String op, int occurrence) {
        boolean release = phase == Phase.RELEASE;
        return switch (op) {
            case "IncomingPhoneNumbers.create" -> "buy request";
            case "RoomService.CreateRoom", "AgentDispatchService.CreateDispatch" -> "place call request";
            case "SIP.CreateSIPParticipant" -> "dial step (async)";
            case "RoomService.DeleteRoom" -> "end call request";
            case "IncomingPhoneNumbers.list" -> phase == Phase.ASSIGN ? "assign request" : "buy request";
            case "SIP.UpdateSIPInboundTrunk" -> release ? "RemoveFromInboundTrunk" : "AddToInboundTrunk";
            case "SIP.UpdateSIPOutboundTrunk" -> release ? "RemoveFromOutboundTrunk" : "AddToOutboundTrunk";
            case "SIP.ListSIPOutboundTrunk" -> release ? "RemoveFromOutboundTrunk" : "EnsureOutboundTrunk";
            case "SIP.ListSIPInboundTrunk" -> release ? "RemoveFromInboundTrunk" : "EnsureInboundTrunk";
            // An assign or a retry finds the shared pieces made and verified, so it skips the Ensure steps and
            // AddToInboundTrunk checks the rule (RoutedSteps); a buy here is the deployment's first.
            case "SIP.ListSIPDispatchRule" -> release ? "RemoveFromInboundTrunk"
                    : phase == Phase.ASSIGN || phase == Phase.RETRY ? "AddToInboundTrunk" : "EnsureDispatchRule";
            case "TrunkPhoneNumbers.fetch" -> release ? "DetachFromTwilioTrunk" : "AttachToTwilioTrunk";
            case "SIP.DeleteSIPTrunk" -> occurrence == 1 ? "RemoveFromInboundTrunk" : "RemoveFromOutboundTrunk";
            default -> STEP.getOrDefault(op, "? (unmapped)");
        };
    }

    static String provider(String op) {
        return TwilioOperations.ALL.contains(op) ? "twilio" : "livekit";
    }

    private static List<String> prefixed(String prefix, List<String> v) {
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(prefix + x));
        return out;
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
