package com.arkenos.telephony.provisioning;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The shared SIP infrastructure the platform created, one item per resource (Twilio trunk, LiveKit inbound trunk,
 * dispatch rule, credential list, outbound trunk), so that nothing provisioning creates lives only in memory.
 * Creating a shared resource happens under a short lease, so two executions never create it twice.
 */
public final class InfraStore {
    public static final String KEY = "resource_id";
    private static final String LEASE_SUFFIX = "#lease";
    private static final String RECORDED_AT = "recorded_at";

    private final DynamoDbClient dynamo;
    private final String table;

    public InfraStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The same table through another client (SnapStart priming points a copy at a stand-in). */
    public InfraStore on(DynamoDbClient other) {
        return new InfraStore(other, table);
    }

    /** The recorded attributes of {@code resource} (strings only), or empty when it was never recorded. */
    public Optional<Map<String, String>> get(String resource) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(KEY, AttributeValue.fromS(resource))).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        item.forEach((k, v) -> {
            if (v.s() != null && !k.equals(KEY) && !k.equals(RECORDED_AT)) {
                out.put(k, v.s());
            }
        });
        return Optional.of(out);
    }

    /** Merges {@code attributes} into the record of {@code resource}. */
    public void record(String resource, Map<String, String> attributes) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder("SET #at = :at");
        names.put("#at", RECORDED_AT);
        values.put(":at", AttributeValue.fromS(Instant.now().toString()));
        int i = 0;
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            if (a.getKey().equals(RECORDED_AT) || a.getKey().equals(KEY)) {
                continue;
            }
            names.put("#a" + i, a.getKey());
            values.put(":a" + i, AttributeValue.fromS(a.getValue()));
            set.append(", #a").append(i).append(" = :a").append(i);
            i++;
        }
        dynamo.updateItem(b -> b.tableName(table).key(Map.of(KEY, AttributeValue.fromS(resource)))
                .updateExpression(set.toString()).expressionAttributeNames(names).expressionAttributeValues(values));
    }

    public void forget(String resource) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of(KEY, AttributeValue.fromS(resource))));
    }

    /**
     * Takes the lease on {@code resource} for {@code seconds}; false when another holder has it. An expired lease
     * (its holder died mid-creation) can be taken over: creation is find-or-create, so the new holder adopts
     * whatever the dead one created.
     */
    public boolean tryLease(String resource, String holder, int seconds) {
        long now = Instant.now().getEpochSecond();
        try {
            dynamo.putItem(b -> b.tableName(table).item(Map.of(KEY, AttributeValue.fromS(resource + LEASE_SUFFIX),
                            "holder", AttributeValue.fromS(holder),
                            "lease_until", AttributeValue.fromN(Long.toString(now + seconds))))
                    .conditionExpression("attribute_not_exists(#k) OR #until < :now OR #h = :h")
                    .expressionAttributeNames(Map.of("#k", KEY, "#until", "lease_until", "#h", "holder"))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)),
                            ":h", AttributeValue.fromS(holder))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public void releaseLease(String resource, String holder) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of(KEY, AttributeValue.fromS(resource + LEASE_SUFFIX)))
                    .conditionExpression("#h = :h").expressionAttributeNames(Map.of("#h", "holder"))
                    .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(holder))));
        } catch (ConditionalCheckFailedException e) {
            // the lease expired and someone else holds it now: theirs to release
        }
    }
}
