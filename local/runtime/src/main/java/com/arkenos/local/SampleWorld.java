package com.arkenos.local;

import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.agents.AgentStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What the sample events (events/FUNCTION/*.json) refer to, made for real on a local runtime: the agent 6f1c... of
 * user-123 with its number +15105550100 bought and provisioned through the buy sample, the state machine and the
 * sandboxes; a second agent without a number (the one the reassign sample moves the number to and the delete sample
 * deletes); a third agent with a number of its own (which keeps the shared trunks in use when a release step's
 * sample takes the first number off them); and a call of the first agent under the sample call id. {@link #prepare}
 * then fits the world and the event to each other, as the callers would.
 */
public final class SampleWorld {
    public static final String USER = "user-123";
    public static final String AGENT = "6f1c2a8e-3b7d-4f0e-9a51-2c4d8e7f1b30";
    public static final String PHONE = "+15105550100";
    public static final String CALL = "3d6f0c52-8a41-4b7e-9f12-6c0e5a7b2d94";
    static final String SECOND_AGENT = "0b2d4f6a-8c1e-4a3b-9d5f-7e6c5b4a3d21";
    static final String SECOND_PHONE = "+15105550101";
    static final String THIRD_AGENT = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROVISIONING = Duration.ofSeconds(60);

    private final LocalRuntime runtime;
    private final Path events;
    private final Map<String, SavedTable> saved = new LinkedHashMap<>();

    public SampleWorld(LocalRuntime runtime, Path events) {
        this.runtime = runtime;
        this.events = events;
    }

    /** Makes the world on an empty runtime; takes a few seconds (two provisionings and one dial). */
    public void create() throws Exception {
        agent(AGENT, "Front desk", "You are the front desk of Acme Dental.");
        agent(SECOND_AGENT, "Night shift", "You are the night shift of Acme Dental.");
        agent(THIRD_AGENT, "Billing", "You are the billing desk of Acme Dental.");
        expect2xx(invokeSample("BuyNumberFunction", "buy.json"), "the buy sample");
        awaitStatus(PHONE, "ACTIVE");
        ObjectNode secondBuy = (ObjectNode) JSON.readTree(events.resolve("BuyNumberFunction/buy.json").toFile());
        secondBuy.put("body", "{\"phone_number\":\"" + SECOND_PHONE + "\",\"agent_id\":\"" + THIRD_AGENT + "\"}");
        ((ObjectNode) secondBuy.get("headers")).remove("idempotency-key");
        expect2xx(invoke("BuyNumberFunction", secondBuy), "buying " + SECOND_PHONE);
        awaitStatus(SECOND_PHONE, "ACTIVE");
        seedCall();
    }

    /**
     * The event ready to send, and the world ready for it: a LiveKit webhook sample is signed with the local key as
     * LiveKit signs it; a provisioning step's sample finds the number in the status and execution it acts for.
     */
    public ObjectNode prepare(String function, JsonNode sample) {
        ObjectNode event = sample.deepCopy();
        if (function.equals("LiveKitWebhookFunction") && event.path("headers").isObject()
                && runtime.providers().liveKitSandbox() != null) {
            ((ObjectNode) event.get("headers")).put("authorization",
                    runtime.providers().liveKitSandbox().signWebhook(event.path("body").asText()));
        }
        if (!event.has("routeKey") && event.has("execution") && PHONE.equals(event.path("phone_number").asText())) {
            boolean release = event.path("operation").asText().equals("release");
            updateNumber(Map.of("status", release ? "RELEASING" : "PROVISIONING",
                    "execution_name", event.get("execution").asText(), "operation", release ? "release" : "provision"));
        }
        return event;
    }

    /** Remembers every table as it is now, for {@link #restoreTables()}. */
    public void saveTables() {
        saved.clear();
        for (String table : db().listTables().tableNames()) {
            List<String> key = db().describeTable(b -> b.tableName(table)).table().keySchema().stream()
                    .map(KeySchemaElement::attributeName).toList();
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            db().scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
            saved.put(table, new SavedTable(key, items));
        }
    }

    /**
     * Puts every table back as {@link #saveTables()} found it (items written since are deleted), so that each
     * sample meets the same world; the sandboxes are not put back (each sample's provider calls are idempotent).
     */
    public void restoreTables() {
        saved.forEach((table, savedTable) -> {
            Set<Map<String, AttributeValue>> wanted = new HashSet<>();
            savedTable.items().forEach(i -> wanted.add(savedTable.key(i)));
            db().scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(i -> {
                Map<String, AttributeValue> key = savedTable.key(i);
                if (!wanted.contains(key)) {
                    db().deleteItem(b -> b.tableName(table).key(key));
                }
            });
            savedTable.items().forEach(item -> db().putItem(b -> b.tableName(table).item(item)));
        });
    }

    private record SavedTable(List<String> keyAttributes, List<Map<String, AttributeValue>> items) {
        Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
            Map<String, AttributeValue> key = new LinkedHashMap<>();
            keyAttributes.forEach(a -> key.put(a, item.get(a)));
            return key;
        }
    }

    private void agent(String id, String name, String prompt) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode config = JSON.createObjectNode().put("system_prompt", prompt)
                .put("first_message", "Hello, Acme Dental, how can I help?");
        new AgentStore(db(), "AgentsTable", "NumbersTable")
                .create(new Agent(id, USER, name, true, config, null, now, now, 1));
    }

    /** Places the outbound sample call for real, waits until it was dialled, and keeps it under the sample id. */
    private void seedCall() throws Exception {
        JsonNode placed = expect2xx(invokeSample("PlaceOutboundCallFunction", "place-outbound.json"),
                "the outbound call sample");
        JsonNode call = JSON.readTree(placed.path("body").asText());
        String id = call.path("call_id").asText();
        await("call " + id + " dialled", () -> !"RINGING".equals(callStatus(id)) && callStatus(id) != null);
        Map<String, AttributeValue> item = new HashMap<>(db().getItem(b -> b.tableName("CallsTable")
                .consistentRead(true).key(Map.of("call_id", AttributeValue.fromS(id)))).item());
        item.put("call_id", AttributeValue.fromS(CALL));
        db().putItem(b -> b.tableName("CallsTable").item(item));
    }

    private String callStatus(String id) {
        Map<String, AttributeValue> item = db().getItem(b -> b.tableName("CallsTable").consistentRead(true)
                .key(Map.of("call_id", AttributeValue.fromS(id)))).item();
        return item == null || !item.containsKey("status") ? null : item.get("status").s();
    }

    private void updateNumber(Map<String, String> values) {
        Map<String, AttributeValue> item = new HashMap<>(db().getItem(b -> b.tableName("NumbersTable")
                .consistentRead(true).key(Map.of("phone_number", AttributeValue.fromS(PHONE)))).item());
        values.forEach((k, v) -> item.put(k, AttributeValue.fromS(v)));
        db().putItem(b -> b.tableName("NumbersTable").item(item));
    }

    private void awaitStatus(String phone, String status) throws InterruptedException {
        await(phone + " " + status, () -> {
            Map<String, AttributeValue> item = db().getItem(b -> b.tableName("NumbersTable").consistentRead(true)
                    .key(Map.of("phone_number", AttributeValue.fromS(phone)))).item();
            return item != null && item.containsKey("status") && status.equals(item.get("status").s());
        });
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + PROVISIONING.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the sample world is not ready: " + what + " not reached in "
                        + PROVISIONING.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    private JsonNode invokeSample(String function, String file) throws Exception {
        return invoke(function, prepare(function, JSON.readTree(events.resolve(function).resolve(file).toFile())));
    }

    private JsonNode invoke(String function, JsonNode event) throws Exception {
        return JSON.readTree(runtime.host().invoke(function, JSON.writeValueAsBytes(event)));
    }

    private static JsonNode expect2xx(JsonNode answer, String what) throws IOException {
        int status = answer.path("statusCode").asInt();
        if (status < 200 || status >= 300) {
            throw new IllegalStateException(what + " answered " + answer);
        }
        return answer;
    }

    private DynamoDbClient db() {
        return runtime.dynamo().client();
    }
}
