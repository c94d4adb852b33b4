package com.arkenos.telephony.numbers;

import com.arkenos.telephony.core.errors.IdempotencyKeyReusedException;
import com.arkenos.telephony.core.store.Enhanced;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

/**
 * Idempotency-Key records: the first request with a key fixes what the key means; the same key with another
 * request is refused. Replays are safe because the operations themselves converge on the recorded number.
 * Records expire through the table's TTL.
 */
public final class IdempotencyStore {
    static final Duration TTL = Duration.ofHours(24);
    private final DynamoDbTable<KeyItem> keys;

    /** One key's record: what the request it was first used with looked like, and when the record expires. */
    static final class KeyItem {
        String key;
        String fingerprint;
        Long expiresAt;

        static final TableSchema<KeyItem> SCHEMA = StaticTableSchema.builder(KeyItem.class)
                .newItemSupplier(KeyItem::new)
                .addAttribute(String.class, a -> a.name("idempotency_key").getter(i -> i.key)
                        .setter((i, v) -> i.key = v).tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name("fingerprint").getter(i -> i.fingerprint)
                        .setter((i, v) -> i.fingerprint = v))
                .addAttribute(Long.class, a -> a.name("expires_at").getter(i -> i.expiresAt)
                        .setter((i, v) -> i.expiresAt = v))
                .build();
    }

    public IdempotencyStore(DynamoDbClient dynamo, String table) {
        this.keys = Enhanced.client(dynamo).table(table, KeyItem.SCHEMA);
    }

    /** Binds {@code key} to {@code fingerprint}; true when this call bound it, false when it already was. */
    public boolean claimOrMatch(String key, String fingerprint) {
        long now = Instant.now().getEpochSecond();
        KeyItem item = new KeyItem();
        item.key = key;
        item.fingerprint = fingerprint;
        item.expiresAt = now + TTL.toSeconds();
        try {
            keys.putItem(PutItemEnhancedRequest.builder(KeyItem.class).item(item)
                    .conditionExpression(Enhanced.expression(
                            "attribute_not_exists(idempotency_key) OR expires_at < :now",
                            Map.of(), Map.of(":now", AttributeValue.fromN(Long.toString(now)))))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            AttributeValue old = e.item() == null ? null : e.item().get("fingerprint");
            if (old == null || !fingerprint.equals(old.s())) {
                throw new IdempotencyKeyReusedException("this Idempotency-Key was used for a different request");
            }
            return false;
        }
    }

    /**
     * Unbinds a key this request bound, for a request that was refused: a refusal changes nothing, and the key is
     * free for what the client sends next. A key another request bound meanwhile to something else is left.
     */
    public void release(String key, String fingerprint) {
        try {
            keys.deleteItem(DeleteItemEnhancedRequest.builder().key(Enhanced.key(key))
                    .conditionExpression(Enhanced.expression("fingerprint = :f", Map.of(),
                            Map.of(":f", AttributeValue.fromS(fingerprint)))).build());
        } catch (ConditionalCheckFailedException e) {
            // bound to another request since
        }
    }
}
