package com.arkenos.telephony.numbers;

import com.arkenos.telephony.core.errors.IdempotencyKeyReusedException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Idempotency-Key records: the first request with a key fixes what the key means; the same key with another
 * request is refused. Replays are safe because the operations themselves converge on the recorded number.
 * Records expire through the table's TTL.
 */
public final class IdempotencyStore {
    static final Duration TTL = Duration.ofHours(24);
    private final DynamoDbClient dynamo;
    private final String table;

    public IdempotencyStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public void claimOrMatch(String key, String fingerprint) {
        long now = Instant.now().getEpochSecond();
        try {
            dynamo.putItem(b -> b.tableName(table).item(Map.of("idempotency_key", AttributeValue.fromS(key),
                            "fingerprint", AttributeValue.fromS(fingerprint),
                            "expires_at", AttributeValue.fromN(Long.toString(now + TTL.toSeconds()))))
                    .conditionExpression("attribute_not_exists(idempotency_key) OR expires_at < :now")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now))))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException e) {
            AttributeValue old = e.item() == null ? null : e.item().get("fingerprint");
            if (old == null || !fingerprint.equals(old.s())) {
                throw new IdempotencyKeyReusedException(
                        "this Idempotency-Key was used for a different request");
            }
        }
    }
}
