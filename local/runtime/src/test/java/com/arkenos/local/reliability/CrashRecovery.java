package com.arkenos.local.reliability;

import com.arkenos.local.Http;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.numbers.Executions;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.providers.TerminationCredentials;
import com.arkenos.telephony.providers.twilio.OwnedNumber;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * A function that dies between a provider call that succeeded and the write that records it. For every record the
 * provisioning code writes after creating something (nine of them), the write is made to fail once ({@code FAIL}: the
 * step sees the error and releases its lease) or the function dies there ({@code DIE}: nothing more is written, the
 * lease stays until it expires); then the number is provisioned the normal way and must end ACTIVE with exactly one
 * of every resource. Then the requests that die halfway: a purchase Twilio completed but nobody recorded, a claim
 * whose purchase never happened, a record whose execution never started.
 */
final class CrashRecovery {
    /** A record the provisioning code writes right after a provider created something. */
    private record Point(String created, String resource, int occurrence) {}

    private static final List<Point> POINTS = List.of(
            new Point("Trunks.create", SipInfrastructure.TWILIO_TRUNK, 1),
            new Point("OriginationUrls.create", SipInfrastructure.TWILIO_TRUNK, 2),
            new Point("SIP.CreateSIPInboundTrunk", SipInfrastructure.LIVEKIT_INBOUND, 1),
            new Point("SIP.CreateSIPDispatchRule", SipInfrastructure.DISPATCH_RULE, 1),
            new Point("CredentialLists.create", SipInfrastructure.CREDENTIAL_LIST, 1),
            new Point("Credentials.create", SipInfrastructure.CREDENTIAL_LIST, 2),
            new Point("TrunkCredentialLists.create", SipInfrastructure.CREDENTIAL_LIST, 3),
            new Point("Trunks.update (termination domain)", SipInfrastructure.TWILIO_TRUNK, 3),
            new Point("SIP.CreateSIPOutboundTrunk", SipInfrastructure.LIVEKIT_OUTBOUND, 1));

    private record Result(String first, String then, int actions, List<String> problems) {}

    private final Lanes lanes;

    CrashRecovery(Lanes lanes) {
        this.lanes = lanes;
    }

    Report.Section run() {
        Report.Section section = new Report.Section("crash", "Crash between a provider call and its record");
        long start = System.nanoTime();
        Map<String, Result> results = new ConcurrentHashMap<>();
        List<String> names = new ArrayList<>();
        Map<String, BiFunction<World, String, Result>> cases = new java.util.LinkedHashMap<>();
        for (Point p : POINTS) {
            for (FaultyDynamo.Mode mode : FaultyDynamo.Mode.values()) {
                cases.put("record after " + p.created() + " " + (mode == FaultyDynamo.Mode.FAIL
                        ? "fails" : "never written (function killed, lease held)"), (w, n) -> recordLost(w, p, mode));
            }
        }
        cases.put("purchase done, buy request died before recording it; replayed",
                (w, n) -> purchaseUnrecorded(w, false));
        cases.put("purchase done, buy request died before recording it; POST retry",
                (w, n) -> purchaseUnrecorded(w, true));
        cases.put("claim written, buy request died before asking Twilio; replayed", (w, n) -> claimOnly(w));
        cases.put("Twilio completes the purchase after the buy request timed out; replayed", (w, n) -> lateCommit(w));
        cases.put("assign recorded, request died before starting the execution; POST retry",
                (w, n) -> neverStarted(w, false));
        cases.put("release recorded, request died before starting the execution; POST retry",
                (w, n) -> neverStarted(w, true));
        cases.put("LiveKit inbound trunk deleted out of band; next number provisioned", (w, n) -> trunkDeleted(w));
        names.addAll(cases.keySet());
        lanes.parallel(names, (w, name) -> {
            try {
                results.put(name, cases.get(name).apply(w, name));
            } catch (RuntimeException e) {
                results.put(name, new Result("-", "-", 0, List.of("the case threw " + e)));
            }
        });
        section.note("The record write is failed in DynamoDB (an injected error on the UpdateItem that records the"
                + " resource), with the provisioning code running in-process against the world's providers; then the"
                + " number is bought through the API as usual. `killed` cases also keep the lease: the next run is"
                + " refused until the lease expires (simulated), then POST retry must adopt the resource by name.");
        Report.Table t = section.table("crash", "first outcome", "recovery", "user actions", "result");
        for (String name : names) {
            Result r = results.get(name);
            t.row(name, r.first(), r.then(), r.actions(), r.problems().isEmpty() ? "ok" : "FAIL");
            section.check(name, r.problems(), r.first() + " -> " + r.then());
        }
        section.millis = (System.nanoTime() - start) / 1_000_000;
        return section;
    }

    // ------------------------------------------------------------------ the record of a created resource is lost

    private Result recordLost(World w, Point p, FaultyDynamo.Mode mode) {
        w.reset();
        w.warm = false;
        String owner = "owner-" + UUID.randomUUID();
        String agent = w.api.agent(owner, "Crash agent");
        String phone = w.freshNumber();
        FaultyDynamo faulty = FaultyDynamo.wrap(w.dynamo(), p.resource(), p.occurrence(), mode);
        SipInfrastructure infra = w.infrastructure(faulty.client());
        TerminationCredentials creds = w.providers().terminationCredentials();
        List<String> problems = new ArrayList<>();
        String died = "completed";
        try {
            infra.ensureTwilioTrunk();
            String inbound = infra.ensureInboundTrunk(phone);
            infra.ensureDispatchRule(inbound);
            infra.ensureOutboundTrunk(phone, creds);
        } catch (RuntimeException e) {
            died = "died after " + p.created();
        }
        if (!faulty.fired()) {
            problems.add("the record write of " + p.resource() + " #" + p.occurrence() + " was never reached");
        }
        Http.Response bought = w.api.buy(owner, phone, agent);
        String first = w.api.settle(owner, phone);
        int actions = 0;
        String status = first;
        while (!status.equals("ACTIVE") && actions < 3) {
            if (mode == FaultyDynamo.Mode.DIE) {
                w.expireLeases(); // the dead function's lease runs out
            }
            actions++;
            w.api.retry(owner, phone);
            status = w.api.settle(owner, phone);
        }
        if (bought.status() != 200) {
            problems.add("buy answered " + bought.status() + " " + bought.body());
        }
        if (!status.equals("ACTIVE")) {
            problems.add("ended " + status);
        }
        if (mode == FaultyDynamo.Mode.FAIL && actions > 0) {
            problems.add("needed " + actions + " user action(s) though nothing held the lease");
        }
        problems.addAll(Consistency.check(w, true));
        problems.addAll(routed(w, owner, phone, agent));
        w.warm = problems.isEmpty();
        return new Result(died + "; buy -> " + first, status, actions, problems);
    }

    // ------------------------------------------------------------------ requests that die halfway

    private Result purchaseUnrecorded(World w, boolean viaRetry) {
        Claim c = claim(w, NumberStatus.PURCHASING, null, "purchased");
        OwnedNumber owned = w.providers().twilio().buy(c.phone); // Twilio sold it; the answer died with the request
        List<String> problems = new ArrayList<>();
        Http.Response early = viaRetry ? w.api.retry(c.owner, c.phone) : w.api.buy(c.owner, c.phone, c.agent);
        if (early.status() != 409 || !early.body().contains("purchase_in_progress")) {
            problems.add("a replay within the grace period answered " + early.status() + " " + early.body());
        }
        w.age(c.phone, Duration.ofMinutes(2));
        Http.Response replay = viaRetry ? w.api.retry(c.owner, c.phone) : w.api.buy(c.owner, c.phone, c.agent);
        String status = w.api.settle(c.owner, c.phone);
        if (replay.status() != 200) {
            problems.add("the replay answered " + replay.status() + " " + replay.body());
        }
        JsonCheck.sid(w, c, owned.sid(), problems);
        return finish(w, c, "replay in grace: " + early.status(), status, 1, problems, 1);
    }

    /**
     * The purchase reaches Twilio after the gateway gave up waiting (a slow network or a slow Twilio): the account
     * check that follows the timeout does not see it yet. Nothing may be bought twice, nor left in the account
     * without a record, and the replay must end with the number ACTIVE.
     */
    private Result lateCommit(World w) {
        w.reset();
        w.warm = false;
        String owner = "owner-" + UUID.randomUUID();
        String agent = w.api.agent(owner, "Crash agent");
        String phone = w.freshNumber();
        w.twilioRelay.holdRequests("IncomingPhoneNumbers.create", World.READ_TIMEOUT_MS + 400);
        Http.Response first = w.api.buy(owner, phone, agent);
        Api.sleep(World.READ_TIMEOUT_MS + 600); // the held purchase goes through meanwhile
        w.twilioRelay.clear();
        String status = w.api.settle(owner, phone);
        List<String> problems = new ArrayList<>();
        if (w.twilio.ownedNumber(phone).isPresent() && status.equals("ABSENT")) {
            problems.add("after the first answer (" + first.status() + " " + first.errorCode() + ") Twilio holds "
                    + phone + " but nothing records it");
        }
        int actions = 0;
        while (!status.equals("ACTIVE") && actions < 3) {
            actions++;
            w.age(phone, Duration.ofMinutes(2));
            Http.Response again = w.api.buy(owner, phone, agent);
            status = w.api.settle(owner, phone);
            if (!status.equals("ACTIVE") && actions == 3) {
                problems.add("the replay answered " + again.status() + " " + again.body());
            }
        }
        Claim c = new Claim(owner, agent, phone);
        return finish(w, c, "first answer " + first.status() + " " + first.errorCode(), status, actions, problems, 1);
    }

    private Result claimOnly(World w) {
        Claim c = claim(w, NumberStatus.PURCHASING, null, "purchased");
        w.age(c.phone, Duration.ofMinutes(2));
        Http.Response replay = w.api.buy(c.owner, c.phone, c.agent);
        String status = w.api.settle(c.owner, c.phone);
        List<String> problems = new ArrayList<>();
        if (replay.status() != 200) {
            problems.add("the replay answered " + replay.status() + " " + replay.body());
        }
        return finish(w, c, "PURCHASING, nothing bought", status, 1, problems, 1);
    }

    private Result neverStarted(World w, boolean release) {
        List<String> problems = new ArrayList<>();
        Claim c;
        if (release) {
            c = provisioned(w);
            NumberStore store = new NumberStore(w.dynamo(), "NumbersTable", "AgentsTable");
            NumberRecord r = store.find(c.phone).orElseThrow();
            int attempt = r.attempt() + 1;
            store.update(r, Map.of(NumberStore.STATUS, AttributeValue.fromS("RELEASING"),
                    NumberStore.OPERATION, AttributeValue.fromS("release"),
                    NumberStore.ATTEMPT, AttributeValue.fromN(Integer.toString(attempt)),
                    NumberStore.EXECUTION,
                    AttributeValue.fromS(Executions.name("release", c.phone, attempt, r.createdAt())),
                    NumberStore.EXECUTION_ARN,
                    AttributeValue.fromS("arn:aws:states:us-east-1:000000000000:execution:x:gone"),
                    NumberStore.STEPS, AttributeValue.fromM(Map.of()))).orElseThrow();
        } else {
            String phone = w.freshNumber();
            w.reset();
            w.preown(phone);
            String sid = w.providers().twilio().findOwned(phone).orElseThrow().sid();
            c = claim(w, NumberStatus.PROVISIONING, sid, "assigned", phone);
        }
        Http.Response retried = w.api.retry(c.owner, c.phone);
        String status = w.api.settle(c.owner, c.phone);
        if (retried.status() != 200) {
            problems.add("retry answered " + retried.status() + " " + retried.body());
        }
        String expected = release ? "RELEASED" : "ACTIVE";
        if (!status.equals(expected)) {
            problems.add("ended " + status + ", expected " + expected);
        }
        problems.addAll(Consistency.check(w, true));
        if (!release) {
            problems.addAll(routed(w, c.owner, c.phone, c.agent));
        }
        w.warm = false;
        return new Result((release ? "RELEASING" : "PROVISIONING") + ", no execution", status, 1, problems);
    }

    /** A shared trunk someone deleted by hand: the next provisioning must create it again and route every number. */
    private Result trunkDeleted(World w) {
        Claim a = provisioned(w);
        String trunk = w.livekit.inboundTrunks().get(0).getSipTrunkId();
        w.providers().livekit().deleteTrunk(trunk);
        String agentB = w.api.agent(a.owner, "Second agent");
        String b = w.freshNumber();
        Http.Response bought = w.api.buy(a.owner, b, agentB);
        String status = w.api.settle(a.owner, b);
        int actions = 0;
        while (!status.equals("ACTIVE") && actions < 2) {
            actions++;
            w.api.retry(a.owner, b);
            status = w.api.settle(a.owner, b);
        }
        List<String> problems = new ArrayList<>();
        if (bought.status() != 200 || !status.equals("ACTIVE")) {
            problems.add("the next number ended " + status + " (" + bought.status() + ")");
        }
        problems.addAll(Consistency.check(w, true));
        problems.addAll(routed(w, a.owner, b, agentB));
        problems.addAll(routed(w, a.owner, a.phone, a.agent));
        w.warm = false;
        return new Result("trunk gone; next buy -> " + status, status, actions, problems);
    }

    // ------------------------------------------------------------------ helpers

    private record Claim(String owner, String agent, String phone) {}

    private static Claim claim(World w, NumberStatus status, String sid, String source) {
        w.reset();
        return claim(w, status, sid, source, w.freshNumber());
    }

    /** Writes the record (and gives the agent the number) exactly as the API does before it calls anyone. */
    private static Claim claim(World w, NumberStatus status, String sid, String source, String phone) {
        w.warm = false;
        String owner = "owner-" + UUID.randomUUID();
        String agent = w.api.agent(owner, "Crash agent");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        boolean provisioning = status == NumberStatus.PROVISIONING;
        new NumberStore(w.dynamo(), "NumbersTable", "AgentsTable").claim(new NumberRecord(phone, owner, agent, sid,
                status, source, "provision", provisioning ? 1 : 0,
                provisioning ? Executions.name("provision", phone, 1, now) : null, null, Map.of(), null, now, now, 1));
        return new Claim(owner, agent, phone);
    }

    private static Claim provisioned(World w) {
        w.reset();
        w.warm = false;
        String owner = "owner-" + UUID.randomUUID();
        String agent = w.api.agent(owner, "Crash agent");
        String phone = w.freshNumber();
        String s = w.api.provision(owner, phone, agent);
        if (!s.equals("ACTIVE")) {
            throw new IllegalStateException("setup: " + phone + " is " + s);
        }
        return new Claim(owner, agent, phone);
    }

    private static Result finish(World w, Claim c, String first, String status, int actions, List<String> problems,
                                 int purchases) {
        if (!status.equals("ACTIVE")) {
            problems.add("ended " + status);
        }
        if (w.twilio.purchases(c.phone) != purchases) {
            problems.add(w.twilio.purchases(c.phone) + " purchases, expected " + purchases);
        }
        problems.addAll(Consistency.check(w, true));
        problems.addAll(routed(w, c.owner, c.phone, c.agent));
        w.warm = problems.isEmpty();
        return new Result(first, status + ", " + w.twilio.purchases(c.phone) + " purchase", actions, problems);
    }

    static List<String> routed(World w, String owner, String phone, String agent) {
        List<String> p = new ArrayList<>();
        Http.Response lookup = w.api.lookup(phone);
        if (lookup.status() != 200 || !agent.equals(lookup.json().path("agent_id").asText())) {
            p.add("lookup of " + phone + " answered " + lookup.status());
        }
        if (!w.livekit.routeInbound(phone, "+14155550123", FaultMatrix.TWILIO_EDGE).routed()) {
            p.add("LiveKit would not route a call to " + phone + ": "
                    + w.livekit.routeInbound(phone, "+14155550123", FaultMatrix.TWILIO_EDGE).result());
        }
        return p;
    }

    /** Checks on the number as the API shows it. */
    private static final class JsonCheck {
        static void sid(World w, Claim c, String sid, List<String> problems) {
            var n = w.api.number(c.owner, c.phone);
            if (n == null || !sid.equals(n.path("twilio_sid").asText())) {
                problems.add("the number does not carry the sid Twilio sold it under");
            }
        }
    }
}
