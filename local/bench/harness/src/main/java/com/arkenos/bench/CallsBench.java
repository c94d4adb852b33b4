package com.arkenos.bench;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.agents.AgentStore;
import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Calls per operation on the local stack: AWS API calls counted by an SDK interceptor (per service and operation),
 * Twilio and LiveKit requests counted by the sandboxes, and the state transitions of the execution the operation
 * started. Each operation is counted until the stack is quiet again (state machine, asynchronous dial, webhooks).
 */
final class CallsBench {
    private static final String[] AREA_CODES = {"212", "415", "510", "312"};
    private static final String CALLEE = "+14155550123";
    /** An address of Twilio's signalling edge, on the inbound trunk's allowed list. */
    private static final String TWILIO_EDGE = "54.172.60.1";

    private final Stack stack;
    private final Report report;
    /** Every operation counted, by the name it is reported under. */
    private final Map<String, Cost> measured = new java.util.LinkedHashMap<>();
    private final String section = "calls per operation (local stack: DynamoDB Local, local Step Functions, sandboxes)";

    CallsBench(Stack stack, Report report) {
        this.stack = stack;
        this.report = report;
    }

    /** What one operation cost. */
    record Cost(int status, Map<String, Long> aws, Map<String, Long> twilio, Map<String, Long> livekit,
                int transitions, Map<String, LambdaUsage.Use> lambda, ConsumedCapacityCounter.Units units) {
        long dynamo() {
            return sum(aws, k -> k.startsWith("DynamoDb."));
        }

        long dynamoReads() {
            return sum(aws, k -> k.startsWith("DynamoDb.") && (k.endsWith(".GetItem") || k.endsWith(".Query")
                    || k.endsWith(".BatchGetItem") || k.endsWith(".Scan") || k.endsWith(".TransactGetItems")));
        }

        long lambdaInvocations() {
            return lambda.values().stream().mapToLong(LambdaUsage.Use::invocations).sum();
        }

        String lambdaBreakdown() {
            List<String> parts = new ArrayList<>();
            lambda.forEach((f, u) -> parts.add(f + "x" + u.invocations() + " (" + u.billedMs() + " ms)"));
            return String.join(" ", parts);
        }

        long otherAws() {
            return sum(aws, k -> !k.startsWith("DynamoDb."));
        }

        long twilioCalls() {
            return sum(twilio, k -> true);
        }

        long livekitCalls() {
            return sum(livekit, k -> true);
        }

        /** Provider requests that change something (create, update, delete, remove; not reads). */
        long providerWrites() {
            return sum(twilio, k -> k.endsWith(".create") || k.endsWith(".update") || k.endsWith(".delete"))
                    + sum(livekit, k -> {
                        String m = k.substring(k.indexOf('.') + 1);
                        return m.startsWith("Create") || m.startsWith("Update") || m.startsWith("Delete")
                                || m.startsWith("Remove");
                    });
        }

        private static long sum(Map<String, Long> m, java.util.function.Predicate<String> p) {
            return m.entrySet().stream().filter(e -> p.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        }

        String breakdown() {
            List<String> parts = new ArrayList<>();
            aws.forEach((k, v) -> parts.add(k + "x" + v));
            twilio.forEach((k, v) -> parts.add("Twilio." + k + "x" + v));
            livekit.forEach((k, v) -> parts.add("LiveKit." + k + "x" + v));
            return String.join(" ", parts);
        }

        /** The same calls, ignoring the HTTP status. */
        boolean sameCalls(Cost o) {
            return aws.equals(o.aws) && twilio.equals(o.twilio) && livekit.equals(o.livekit)
                    && transitions == o.transitions;
        }
    }

    void run() throws Exception {
        stack.reset();
        String user = "bench-" + UUID.randomUUID();
        List<String> agents = createAgents(user, 202);
        List<String> numbers = collectNumbers(200);
        if (numbers.size() < 200) {
            report.note(section, "the Twilio sandbox offered only " + numbers.size() + " numbers");
        }

        Cost buy1 = buy(user, numbers.get(0), agents.get(0));
        record("buy_first", buy1, null);

        Cost lookup = measure(() -> lookup(numbers.get(0)), () -> { }, null);
        record("lookup", lookup, "lookup");
        inboundCall(numbers.get(0)); // the first runs the webhook function's first invocation in this JVM
        record("inbound_call", inboundCall(numbers.get(0)), null);

        Cost buy2 = buy(user, numbers.get(1), agents.get(1));
        record("buy_2nd", buy2, STEADY_BUY);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> pending = new ArrayList<>();
        for (int i = 2; i < numbers.size() - 1; i++) {
            String phone = numbers.get(i);
            String agent = agents.get(i);
            pending.add(pool.submit(() -> AwsCallCounter.quietly(() -> post("POST /api/telephony/numbers/buy", user,
                    "{\"phone_number\":\"" + phone + "\",\"agent_id\":\"" + agent + "\"}")
                    .expect(200, "buy " + phone))));
        }
        for (Future<?> f : pending) {
            f.get();
        }
        pool.shutdown();
        int retries = 0;
        Map<String, Integer> causes = new TreeMap<>();
        for (int i = 2; i < numbers.size() - 1; i++) {
            String phone = numbers.get(i);
            for (int attempt = 0; ; attempt++) {
                Stack.await(phone + " settled", Duration.ofSeconds(180),
                        () -> SETTLED.contains(stack.numberStatus(phone)));
                if (stack.numberStatus(phone).equals("ACTIVE")) {
                    break;
                }
                if (attempt == 3) {
                    throw new IllegalStateException(
                            phone + " stayed " + stack.numberStatus(phone) + ": " + lastError(phone));
                }
                // A provisioning that failed is retried as the dashboard would (and reported).
                retries++;
                causes.merge(failureCause(phone), 1, Integer::sum);
                AwsCallCounter.quietly(() -> post("POST /api/telephony/numbers/retry", user,
                        "{\"phone_number\":\"" + phone + "\"}"));
            }
        }
        if (retries > 0) {
            report.note(section, retries + " of the numbers bought in between failed to provision at first and were"
                    + " retried (POST .../retry) before the 200th was measured; last_error: " + causes);
        }
        stack.awaitQuiet(Duration.ofMillis(500), Duration.ofSeconds(30));
        String last = numbers.get(numbers.size() - 1);
        Cost buy200 = buy(user, last, agents.get(numbers.size() - 1));
        record("buy_" + numbers.size() + "th", buy200, STEADY_BUY);
        boolean same = buy2.sameCalls(buy200);
        report.add(section, "calls.buy_200th_equals_2nd", same ? "yes" : "no", "", "yes", same,
                same ? "identical AWS, Twilio, LiveKit calls and state transitions"
                        : "2nd: " + buy2.breakdown() + " | 200th: " + buy200.breakdown());

        String phone1 = numbers.get(0);
        Cost retry = measure(() -> post("POST /api/telephony/numbers/retry", user,
                "{\"phone_number\":\"" + phone1 + "\"}"), () -> { }, phone1);
        record("retry_active", retry, "retry");

        String phone2 = numbers.get(1);
        Cost release = measure(() -> post("POST /api/telephony/numbers/release", user,
                "{\"phone_number\":\"" + phone2 + "\"}"), () -> Stack.await(phone2 + " settled",
                Duration.ofSeconds(120), () -> SETTLED.contains(stack.numberStatus(phone2))), phone2);
        expectStatus(phone2, "RELEASED");
        record("release", release, null);

        String spare = agents.get(numbers.size());
        Cost assign = measure(() -> post("POST /api/telephony/numbers/assign", user,
                "{\"phone_number\":\"" + phone2 + "\",\"agent_id\":\"" + spare + "\"}"), () -> Stack.await(
                phone2 + " settled", Duration.ofSeconds(120), () -> SETTLED.contains(stack.numberStatus(phone2))),
                phone2);
        expectStatus(phone2, "ACTIVE");
        record("assign_released", assign, null);

        outbound(user, agents.get(0));

        Supplier<Stack.Answer> sweep = () -> {
            stack.invoke("SweepFunction", sampleEvent("SweepFunction", "scheduled.json"));
            return new Stack.Answer(200, Stack.JSON.createObjectNode());
        };
        measure(sweep, () -> { }, null); // its first run in this JVM
        record("sweep", measure(sweep, () -> { }, null), null);
        new CostReport(stack, report).print(measured);
    }

    /** The agent worker's question for the dialled number. */
    private Stack.Answer lookup(String phone) {
        return stack.call("GET /api/telephony/lookup", "/api/telephony/lookup", null, null,
                Map.of("phone_number", phone), Map.of(), Map.of("x-worker-key",
                        stack.environment("LookupFunction").getOrDefault("WORKER_KEY", "local-worker-key")));
    }

    /**
     * An inbound call to {@code phone} from Twilio's side: LiveKit routes it and starts the room (its webhooks reach
     * the webhook function), the worker looks the number up, the caller talks, the room finishes.
     */
    private Cost inboundCall(String phone) {
        return measure(() -> {
            com.arkenos.devkit.livekit.InboundCall call = stack.livekit().placeInboundCall(phone, "+14155550199",
                    TWILIO_EDGE);
            if (!call.answered()) {
                throw new IllegalStateException("inbound call to " + phone + " refused: " + call.route().reason());
            }
            Stack.Answer a = lookup(phone).expect(200, "lookup during the inbound call");
            stack.livekit().drainWebhooks(Duration.ofSeconds(10));
            stack.livekit().finishRoom(call.roomName());
            stack.livekit().drainWebhooks(Duration.ofSeconds(10));
            return a;
        }, () -> { }, null);
    }

    private byte[] sampleEvent(String function, String name) {
        try {
            return java.nio.file.Files.readAllBytes(stack.root.resolve("events").resolve(function).resolve(name));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void outbound(String user, String agent) {
        boolean exists = stack.template.routes().stream()
                .anyMatch(r -> r.routeKey().equals("POST /api/calls/outbound"));
        if (!exists) {
            report.add(section, "calls.outbound", "not_measured", "", null, null,
                    "POST /api/calls/outbound is not in template.yaml yet");
            return;
        }
        // The outbound trunk is made by the buy's EnsureOutboundTrunk step, so an agent's first call finds it and
        // costs what a later call costs. The call path still creates it when it is missing (a deployment that lost
        // it, or predates that step): "outbound_trunk_missing" is a call made after deleting it from LiveKit and
        // from SipInfraTable.
        Map<String, Cost> costs = new java.util.LinkedHashMap<>();
        for (String which : List.of("outbound_first", "outbound_later", "outbound_trunk_missing")) {
            try {
                if (which.equals("outbound_trunk_missing")) {
                    removeOutboundTrunk();
                }
                String[] callId = new String[1];
                Cost c = measure(() -> {
                    Stack.Answer a = post("POST /api/calls/outbound", user,
                            "{\"agent_id\":\"" + agent + "\",\"phone_number\":\"" + CALLEE + "\"}");
                    callId[0] = a.body().path("call_id").asText(a.body().path("id").asText(null));
                    return a;
                }, () -> {
                    if (callId[0] != null) {
                        Stack.await("call " + callId[0] + " dialled", Duration.ofSeconds(60),
                                () -> !callStatus(callId[0]).equals("RINGING"));
                        hangUp(callId[0]);
                    }
                }, null);
                if (c.status() >= 300) {
                    report.add(section, "calls." + which, "not_measured", "", null, null,
                            "POST /api/calls/outbound answered " + c.status());
                    continue;
                }
                record(which, c, null);
                costs.put(which, c);
                report.note(section, which + ": call " + callId[0] + " ended the measurement as "
                        + callStatus(callId[0]));
            } catch (RuntimeException e) {
                report.add(section, "calls." + which, "not_measured", "", null, null,
                        "outbound failed on the local stack: " + e.getMessage());
            }
        }
        Cost first = costs.get("outbound_first");
        Cost later = costs.get("outbound_later");
        if (first != null && later != null) {
            boolean same = first.sameCalls(later);
            report.add(section, "calls.outbound_first_equals_later", same ? "yes" : "no", "", null, null,
                    same ? "the buy made the outbound trunk; the first call of an agent needs no provisioning"
                            : "first: " + first.breakdown() + " | later: " + later.breakdown());
        }
    }

    /** Deletes the LiveKit outbound trunk and its record, as if it had never been made. */
    private void removeOutboundTrunk() {
        AwsCallCounter.quietly(() -> {
            var livekit = new com.arkenos.telephony.providers.livekit.SdkLiveKitGateway(
                    new com.arkenos.telephony.providers.livekit.LiveKitCredentials(stack.livekit().url(),
                            stack.livekit().apiKey(), stack.livekit().apiSecret(), null));
            stack.livekit().outboundTrunks().forEach(t -> livekit.deleteTrunk(t.getSipTrunkId()));
            stack.db().deleteItem(b -> b.tableName("SipInfraTable").key(Map.of(
                    com.arkenos.telephony.provisioning.InfraStore.KEY,
                    AttributeValue.fromS(com.arkenos.telephony.provisioning.SipInfrastructure.LIVEKIT_OUTBOUND))));
            return null;
        });
    }

    /** The call's room ends (the callee hung up), so its closing webhooks are counted with it. */
    private void hangUp(String callId) {
        String room = AwsCallCounter.quietly(() -> {
            Map<String, AttributeValue> item = stack.db().getItem(b -> b.tableName("CallsTable").consistentRead(true)
                    .key(Map.of("call_id", AttributeValue.fromS(callId)))).item();
            return item == null || !item.containsKey("room_name") ? null : item.get("room_name").s();
        });
        if (room != null && stack.livekit().room(room).isPresent()) {
            stack.livekit().finishRoom(room);
            stack.livekit().drainWebhooks(Duration.ofSeconds(10));
        }
    }

    private String callStatus(String callId) {
        return AwsCallCounter.quietly(() -> {
            Map<String, AttributeValue> item = stack.db().getItem(b -> b.tableName("CallsTable").consistentRead(true)
                    .key(Map.of("call_id", AttributeValue.fromS(callId)))).item();
            return item == null || !item.containsKey("status") ? "NONE" : item.get("status").s();
        });
    }

    private Cost buy(String user, String phone, String agent) {
        Cost c = measure(() -> post("POST /api/telephony/numbers/buy", user,
                "{\"phone_number\":\"" + phone + "\",\"agent_id\":\"" + agent + "\"}"), () -> Stack.await(
                phone + " settled", Duration.ofSeconds(120), () -> SETTLED.contains(stack.numberStatus(phone))), phone);
        expectStatus(phone, "ACTIVE");
        return c;
    }

    private static final Set<String> SETTLED = Set.of("ACTIVE", "FAILED", "RELEASED");

    /** A measured operation that did not end as it should is reported, not hidden. */
    private void expectStatus(String phone, String wanted) {
        String status = stack.numberStatus(phone);
        if (!status.equals(wanted)) {
            report.note(section, phone + " ended " + status + " instead of " + wanted + ": " + lastError(phone)
                    + " (its counts include the failure handling)");
        }
    }

    /** {@code step: code} of a number's last error. */
    private String failureCause(String phone) {
        return stack.number(phone).map(i -> i.get("last_error")).map(AttributeValue::s).map(text -> {
            try {
                JsonNode e = Stack.JSON.readTree(text);
                return e.path("step").asText("?") + ": " + e.path("code").asText("?");
            } catch (java.io.IOException ex) {
                return text;
            }
        }).orElse("no last_error");
    }

    private String lastError(String phone) {
        return stack.number(phone)
                .map(i -> i.containsKey("last_error") ? i.get("last_error").toString() : "no last_error")
                .orElse("no record");
    }

    private Stack.Answer post(String routeKey, String user, String body) {
        return stack.post(routeKey, user, body);
    }

    /** Counts everything {@code op} causes until {@code done} holds and the stack is quiet. */
    private Cost measure(Supplier<Stack.Answer> op, Runnable done, String phone) {
        String before = phone == null ? null : executionArn(phone);
        stack.awaitQuiet(Duration.ofMillis(200), Duration.ofSeconds(10));
        AwsCallCounter.reset();
        ConsumedCapacityCounter.reset();
        stack.lambda.reset();
        stack.twilio().faults().resetCounts();
        stack.livekit().faults().resetCounts();
        Stack.Answer a = op.get();
        done.run();
        stack.awaitQuiet(Duration.ofMillis(400), Duration.ofSeconds(60));
        Map<String, Long> aws = AwsCallCounter.counts();
        Map<String, Long> tw = new TreeMap<>(stack.twilio().faults().callCounts());
        Map<String, Long> lk = new TreeMap<>(stack.livekit().faults().callCounts());
        String after = phone == null ? null : executionArn(phone);
        int transitions = after != null && !after.equals(before) ? stack.stateTransitions(after) : 0;
        return new Cost(a.status(), aws, tw, lk, transitions, stack.lambda.snapshot(), ConsumedCapacityCounter.units());
    }

    private String executionArn(String phone) {
        return stack.number(phone).map(i -> i.get("execution_arn")).map(AttributeValue::s).orElse(null);
    }

    /** Issue 17's budget for a buy once the shared pieces exist and are verified. */
    private static final String STEADY_BUY = "steady_buy";
    private static final int STEADY_BUY_REQUESTS = 12;
    private static final int STEADY_BUY_TRANSITIONS = 5;

    private void record(String op, Cost c, String targets) {
        String p = "calls." + op + ".";
        if (c.status() >= 300) {
            report.note(section, op + " answered HTTP " + c.status());
        }
        if ("lookup".equals(targets)) {
            boolean ok = c.dynamoReads() <= 1 && c.dynamo() == c.dynamoReads() && c.otherAws() == 0
                    && c.twilioCalls() == 0 && c.livekitCalls() == 0 && c.transitions() == 0;
            report.add(section, p + "dynamodb", c.dynamo(), "calls", "1 read, nothing else", ok,
                    "all calls: " + c.breakdown());
        } else if (STEADY_BUY.equals(targets)) {
            report.add(section, p + "dynamodb", c.dynamo(), "calls", "<= " + STEADY_BUY_REQUESTS,
                    c.dynamo() <= STEADY_BUY_REQUESTS, "all calls: " + c.breakdown());
        } else {
            report.add(section, p + "dynamodb", c.dynamo(), "calls", null, null, "all calls: " + c.breakdown());
        }
        report.add(section, p + "other_aws", c.otherAws(), "calls", null, null, "");
        report.add(section, p + "twilio", c.twilioCalls(), "calls", null, null, "");
        report.add(section, p + "livekit", c.livekitCalls(), "calls", null, null, "");
        if ("retry".equals(targets)) {
            report.add(section, p + "provider_writes", c.providerWrites(), "calls", "0", c.providerWrites() == 0,
                    "Twilio/LiveKit create, update, delete");
        } else {
            report.add(section, p + "provider_writes", c.providerWrites(), "calls", null, null, "");
        }
        boolean steady = STEADY_BUY.equals(targets);
        report.add(section, p + "state_transitions", c.transitions(), "",
                steady ? "<= " + STEADY_BUY_TRANSITIONS : null,
                steady ? c.transitions() <= STEADY_BUY_TRANSITIONS : null,
                "DescribeExecution stateTransitions of the execution it started");
        report.add(section, p + "lambda_invocations", c.lambdaInvocations(), "", null, null,
                "billed ms on the local stack: " + c.lambdaBreakdown());
        ConsumedCapacityCounter.Units u = c.units();
        report.add(section, p + "dynamodb_units", Report.format(u.read()) + " read / " + Report.format(u.write())
                + " write", "", null, null, u.failedWrites() + " failed conditional writes (no capacity answered)");
        measured.put(op, c);
    }

    private List<String> createAgents(String user, int count) {
        List<String> ids = new ArrayList<>();
        AgentStore store = new AgentStore(stack.db(), "AgentsTable", "NumbersTable");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AwsCallCounter.quietly(() -> {
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                store.create(new Agent(id, user, "Agent " + i, true,
                        Json.object().put("system_prompt", "You are agent " + i + "."), null, now, now, 1));
                ids.add(id);
            }
        });
        return ids;
    }

    /** Distinct available numbers over several area codes (the sandbox sells 555-0100..0199 per code). */
    private List<String> collectNumbers(int wanted) {
        Set<String> out = new LinkedHashSet<>();
        for (String area : AREA_CODES) {
            Stack.Answer a = AwsCallCounter.quietly(() -> stack.call("GET /api/telephony/numbers/search",
                    "/api/telephony/numbers/search", null, null, Map.of("country", "US", "area_code", area,
                            "limit", "50"), Map.of(), Map.of()));
            for (JsonNode n : a.expect(200, "search " + area).body()) {
                out.add(n.get("phone_number").asText());
            }
        }
        return out.stream().limit(wanted).collect(Collectors.toList());
    }
}
