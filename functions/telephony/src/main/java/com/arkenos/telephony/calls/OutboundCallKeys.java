package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.store.Enhanced;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
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
 *
 * <p>A binding is read through the Enhanced Client and mapped by {@link KeyItem}'s schema; the binding's write is a
 * low-level {@link Put} because it goes into {@link LiveCallSlots#admit}'s transaction, which has to stay low-level.
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

    private final String table;
    private final DynamoDbTable<KeyItem> keys;

    OutboundCallKeys(DynamoDbClient dynamo, String table) {
        this.table = table;
        this.keys = Enhanced.client(dynamo).table(table, KeyItem.SCHEMA);
    }

    private static String id(String owner, String key) {
        return PREFIX + owner + "#" + key;
    }

    /** The key's binding, unless it expired. */
    Optional<Binding> find(String owner, String key) {
        KeyItem item = keys.getItem(GetItemEnhancedRequest.builder().key(Enhanced.key(id(owner, key)))
                .consistentRead(true).build());
        if (item == null || item.callId == null || item.expiresAt < Instant.now().getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(new Binding(item.callId, item.fingerprint));
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
        KeyItem item = new KeyItem();
        item.key = id(owner, key);
        item.callId = callId;
        item.fingerprint = fingerprint;
        item.expiresAt = now + TTL.toSeconds();
        return Put.builder().tableName(table)
                .item(KeyItem.SCHEMA.itemToMap(item, true))
                .conditionExpression(condition)
                .expressionAttributeNames(replacing == null ? Map.of("#id", CallStore.CALL_ID, "#exp", EXPIRES)
                        : Map.of("#id", CallStore.CALL_ID, "#exp", EXPIRES, "#call", CALL))
                .expressionAttributeValues(values)
                .build();
    }
}
