package com.arkenos.bench;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.agents.AgentStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livekit.server.AccessToken;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data the sample events (events/FUNCTION/*.json) refer to, so that every cold start answers for real: the
 * agent 6f1c... of user-123, its number +15105550100 bought and provisioned through the real flow (the buy sample
 * event, the state machine, the sandboxes), and a call of that agent under the sample call id. Before each cold
 * start every table is put back exactly as it was, and a state machine step's sample finds the number in the
 * status and execution it acts on.
 */
final class SampleWorld {
    static final String USER = "user-123";
    static final String AGENT = "6f1c2a8e-3b7d-4f0e-9a51-2c4d8e7f1b30";
    static final String PHONE = "+15105550100";
    static final String CALL = "3d6f0c52-8a41-4b7e-9f12-6c0e5a7b2d94";
    private static final String SECOND_AGENT = "0b2d4f6a-8c1e-4a3b-9d5f-7e6c5b4a3d21";
    private static final String SECOND_PHONE = "+15105550101";
    private static final List<String> TABLES = List.of("NumbersTable", "AgentsTable", "SipInfraTable", "CallsTable",
            "IdempotencyTable");

    private final Stack stack;
    private final Report report;
    private final Map<String, List<Map<String, AttributeValue>>> saved = new HashMap<>();
    private final Map<String, List<String>> keys = new HashMap<>();

    SampleWorld(Stack stack, Report report) {
        this.stack = stack;
        this.report = report;
    }

    void create() throws Exception {
        stack.reset();
        AwsCallCounter.quietly(() -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            var config = Json.object().put("system_prompt", "You are the front desk of Acme Dental.")
                    .put("first_message", "Hello, Acme Dental, how can I help?");
            new AgentStore(stack.db(), "AgentsTable", "NumbersTable").create(new Agent(AGENT, USER, "Front desk", true,
                    config, null, now, now, 1));
            JsonNode out = invokeSample("BuyNumberFunction", "buy.json");
            if (out.path("statusCode").asInt() != 200) {
                throw new IllegalStateException("the buy sample event failed: " + out);
            }
        });
        Stack.await(PHONE + " ACTIVE", Duration.ofSeconds(60), () -> stack.numberStatus(PHONE).equals("ACTIVE"));
        // A second routed number keeps the shared trunks from being retired when a release step's sample takes the
        // first one off them (the sandboxes are not put back between starts; the tables are).
        AwsCallCounter.quietly(() -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            new AgentStore(stack.db(), "AgentsTable", "NumbersTable").create(new Agent(SECOND_AGENT, USER,
                    "Night shift", true, Json.object().put("system_prompt", "You are the night shift."), null, now,
                    now, 1));
            stack.post("POST /api/telephony/numbers/buy", USER, "{\"phone_number\":\"" + SECOND_PHONE
                    + "\",\"agent_id\":\"" + SECOND_AGENT + "\"}").expect(200, "buy " + SECOND_PHONE);
        });
        Stack.await(SECOND_PHONE + " ACTIVE", Duration.ofSeconds(60),
                () -> stack.numberStatus(SECOND_PHONE).equals("ACTIVE"));
        stack.awaitQuiet(Duration.ofMillis(300), Duration.ofSeconds(10));
        seedCall();
        for (String table : TABLES) {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            AwsCallCounter.quietly(() -> {
                keys.put(table, stack.db().describeTable(b -> b.tableName(table)).table().keySchema().stream()
                        .map(KeySchemaElement::attributeName).toList());
                stack.db().scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
            });
            saved.put(table, items);
            if (Boolean.getBoolean("bench.debug")) {
                System.err.println("saved " + table + ": " + items);
            }
        }
    }

    /** A call of the sample agent under the sample events' call id: placed for real, then copied under that id. */
    private void seedCall() throws java.io.IOException {
        if (!Files.isRegularFile(stack.root.resolve("events/PlaceOutboundCallFunction/place-outbound.json"))) {
            return;
        }
        try {
            JsonNode out = AwsCallCounter.quietly(
                    () -> invokeSample("PlaceOutboundCallFunction", "place-outbound.json"));
            JsonNode call = Stack.JSON.readTree(out.path("body").asText("{}"));
            String id = call.path("call_id").asText(call.path("id").asText(""));
            if (out.path("statusCode").asInt() >= 300 || id.isEmpty()) {
                report.note("cold start", "the sample call was not placed (" + out.path("statusCode").asInt()
                        + "): the calls samples answer 404");
                return;
            }
            Stack.await("call " + id + " dialled", Duration.ofSeconds(60), () -> !callItem(id).path("status")
                    .equals(Stack.JSON.getNodeFactory().textNode("RINGING")));
            stack.awaitQuiet(Duration.ofMillis(300), Duration.ofSeconds(10));
            AwsCallCounter.quietly(() -> {
                Map<String, AttributeValue> item = new HashMap<>(stack.db().getItem(b -> b.tableName("CallsTable")
                        .consistentRead(true).key(Map.of("call_id", AttributeValue.fromS(id)))).item());
                item.put("call_id", AttributeValue.fromS(CALL));
                stack.db().putItem(b -> b.tableName("CallsTable").item(item));
            });
        } catch (RuntimeException e) {
            report.note("cold start", "the sample call was not seeded: " + e.getMessage());
        }
    }

    private JsonNode callItem(String id) {
        Map<String, AttributeValue> item = stack.db().getItem(b -> b.tableName("CallsTable").consistentRead(true)
                .key(Map.of("call_id", AttributeValue.fromS(id)))).item();
        ObjectNode o = Stack.JSON.createObjectNode();
        if (item != null && item.containsKey("status")) {
            o.put("status", item.get("status").s());
        }
        return o;
    }

    private JsonNode invokeSample(String function, String file) {
        try {
            byte[] event = Files.readAllBytes(stack.root.resolve("events").resolve(function).resolve(file));
            return Stack.JSON.readTree(stack.invoke(function, event));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Puts every table back as it was after {@link #create()} (items added since are deleted); a step's event also
     * sets the number's status and execution to what the step expects.
     */
    void restoreFor(Path event) throws Exception {
        JsonNode e = Stack.JSON.readTree(event.toFile());
        AwsCallCounter.quietly(() -> saved.forEach((table, items) -> {
            Set<Map<String, AttributeValue>> wanted = new HashSet<>();
            items.forEach(i -> wanted.add(key(table, i)));
            stack.db().scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(i -> {
                Map<String, AttributeValue> k = key(table, i);
                if (!wanted.contains(k)) {
                    stack.db().deleteItem(b -> b.tableName(table).key(k));
                }
            });
            items.forEach(item -> {
                Map<String, AttributeValue> copy = new HashMap<>(item);
                if (table.equals("NumbersTable") && !e.has("routeKey") && e.has("execution")
                        && PHONE.equals(e.path("phone_number").asText())) {
                    boolean release = e.path("operation").asText().equals("release");
                    copy.put("status", AttributeValue.fromS(release ? "RELEASING" : "PROVISIONING"));
                    copy.put("execution_name", AttributeValue.fromS(e.get("execution").asText()));
                    copy.put("operation", AttributeValue.fromS(release ? "release" : "provision"));
                }
                stack.db().putItem(b -> b.tableName(table).item(copy));
            });
        }));
    }

    private Map<String, AttributeValue> key(String table, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> k = new LinkedHashMap<>();
        keys.get(table).forEach(a -> k.put(a, item.get(a)));
        return k;
    }

    /**
     * The sample event a cold start answers (a read where the function has one), ready to send: a LiveKit webhook
     * sample gets a valid signature for the local stack's key, as LiveKit would send it.
     */
    Path sampleEvent(String functionId, Path work) throws Exception {
        Path file = pickSample(stack.root, functionId);
        if (file == null) {
            return null;
        }
        JsonNode event = Stack.JSON.readTree(file.toFile());
        if (functionId.equals("LiveKitWebhookFunction") && event.has("body") && event.path("headers").isObject()) {
            Map<String, String> env = stack.environment(functionId);
            String body = event.get("body").asText();
            AccessToken token = new AccessToken(env.get("LIVEKIT_API_KEY"), env.get("LIVEKIT_API_SECRET"));
            token.setTtl(Duration.ofHours(6).toMillis());
            token.setSha256(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8))));
            ((ObjectNode) event.get("headers")).put("authorization", token.toJwt());
            Path signed = work.resolve("events").resolve(functionId + "-" + file.getFileName());
            Files.createDirectories(signed.getParent());
            Files.write(signed, Stack.JSON.writeValueAsBytes(event));
            return signed;
        }
        return file;
    }

    static Path pickSample(Path root, String functionId) throws Exception {
        Path dir = root.resolve("events").resolve(functionId);
        if (!Files.isDirectory(dir)) {
            return null;
        }
        for (String preferred : List.of("lookup.json", "get-agent.json", "get.json", "step.json", "failure.json")) {
            if (Files.isRegularFile(dir.resolve(preferred))) {
                return dir.resolve(preferred);
            }
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().findFirst().orElse(null);
        }
    }
}
