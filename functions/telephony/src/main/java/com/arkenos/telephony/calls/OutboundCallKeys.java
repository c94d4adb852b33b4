package com.arkenos.telephony.calls;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Idempotency-Key}s of outbound calls: the first request with a key binds it to the call it placed and to
 * what it asked for (agent, callee, callback); a retry with the key answers that call instead of dialling again, and
 * the key with another request is refused. The binding is written in the same transaction as the call's record
 * ({@link LiveCallSlots#admit}), so two requests racing with one key place one call. One item per key in the calls
 * table ({@code call-key#<owner>#<key>}; no owner or room attribute, so no index or listing sees it); the calls
 * function has no access to the numbers' idempotency table, and the transaction needs the same table anyway.
 * A key is bound for {@link #TTL}, as buy's keys are; the calls table has no TTL, so an expired binding stays
 * until a new request with the key overwrites it.
 */
final class OutboundCallKeys {
    static final Duration TTL = Duration.ofHours(24);
    static final String PREFIX = "call-key#";
    static final String CALL = "keyed_call_id";
    static final String FINGERPRINT = "fingerprint";
    static final String EXPIRES = "expires_at";

    /** A key's binding. */
    record Binding(String callId, String fingerprint) {
    }

    private final DynamoDbClient dynamo;
    private final String table;

    OutboundCallKeys(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private static AttributeValue id(String owner, String key) {
        return AttributeValue.fromS(PREFIX + owner + "#" + key);
    }

    /** The key's binding, unless it expired. */
    Optional<Binding> find(String owner, String key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(CallStore.CALL_ID, id(owner, key))).consistentRead(true)).item();
        if (item == null || item.isEmpty() || !item.containsKey(CALL)
                || Long.parseLong(item.get(EXPIRES).n()) < Instant.now().getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(new Binding(item.get(CALL).s(), item.get(FINGERPRINT).s()));
    }

    /**
     * The write that binds {@code key} to {@code callId}, for the call's transaction: only if the key is unbound,
     * expired, or bound to {@code replacing} (a call of this key that was never dialled, which a retry may place).
     */
    Put bind(String owner, String key, String fingerprint, String callId, String replacing) {
        long now = Instant.now().getEpochSecond();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":now", AttributeValue.fromN(Long.toString(now))));
        String condition = "attribute_not_exists(#id) OR #exp < :now";
        if (replacing != null) {
            condition += " OR #call = :replacing";
            values.put(":replacing", AttributeValue.fromS(replacing));
        }
        return Put.builder().tableName(table)
                .item(Map.of(CallStore.CALL_ID, id(owner, key), CALL, AttributeValue.fromS(callId),
                        FINGERPRINT, AttributeValue.fromS(fingerprint),
                        EXPIRES, AttributeValue.fromN(Long.toString(now + TTL.toSeconds()))))
                .conditionExpression(condition)
                .expressionAttributeNames(replacing == null ? Map.of("#id", CallStore.CALL_ID, "#exp", EXPIRES)
                        : Map.of("#id", CallStore.CALL_ID, "#exp", EXPIRES, "#call", CALL))
                .expressionAttributeValues(values)
                .build();
    }
}
