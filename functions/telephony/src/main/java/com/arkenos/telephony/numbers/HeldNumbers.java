package com.arkenos.telephony.numbers;

import com.arkenos.telephony.core.store.Enhanced;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The numbers an owner holds (any status but RELEASED), as one item per owner in the numbers table: key
 * {@code numbers-held#<owner>} (not E.164, so no lookup or number route can name it; no owner attribute, so no
 * listing sees it), the numbers in a string set. A claim (buy or assign) adds its number in the claim's own
 * transaction, conditioned on the set holding fewer than the limit, so parallel buys can never pass it and a refused
 * buy never reaches Twilio. The number leaves the set when it is RELEASED or its claim is undone; removing is
 * idempotent.
 *
 * <p>A set, not a counter, so it can be checked against the records: at the limit, {@link #reconcile} drops numbers
 * whose record is RELEASED or gone (a release whose last write was lost), each in a transaction conditioned on the
 * record being unchanged since it was read, so it never drops a number that an assign just took again. Numbers held
 * before the set existed are added once, from the owner's ByOwner listing, the first time the owner claims one.
 *
 * <p>The item and the listing are read through the Enhanced Client ({@link HeldItem}, {@link NumberItem}); every
 * write ADDs to or DELETEs from the string set, which the Enhanced Client cannot say (it would replace the whole set,
 * losing a parallel claim's number), so the writes stay on the low-level client.
 */
public final class HeldNumbers {
    public static final String PREFIX = "numbers-held#";
    static final String MEMBERS = "held_numbers";
    static final String SEEDED = "seeded_at";
    public static final int NO_LIMIT = Integer.MAX_VALUE;

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoDbTable<HeldItem> items;
    private final DynamoDbTable<NumberItem> numbers;

    HeldNumbers(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        DynamoDbEnhancedClient enhanced = Enhanced.client(dynamo);
        this.items = enhanced.table(table, HeldItem.SCHEMA);
        this.numbers = enhanced.table(table, NumberItem.SCHEMA);
    }

    public static boolean isHoldingsKey(String phoneKey) {
        return phoneKey != null && phoneKey.startsWith(PREFIX);
    }

    static Map<String, AttributeValue> key(String owner) {
        return Map.of(NumberStore.PHONE, AttributeValue.fromS(PREFIX + owner));
    }

    /** The write that adds {@code phone} to the owner's numbers, for the claim's transaction. */
    Update take(String owner, String phone, int limit) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", AttributeValue.fromSs(List.of(phone)),
                ":u", AttributeValue.fromS(Instant.now().toString())));
        Update.Builder u = Update.builder().tableName(table).key(key(owner))
                .updateExpression("ADD #m :p SET #u = :u");
        if (limit != NO_LIMIT) {
            // A number already in the set takes no new place (an assign of a number whose release was not counted).
            u.conditionExpression("attribute_not_exists(#m) OR size(#m) < :max OR contains(#m, :one)");
            values.put(":max", AttributeValue.fromN(Integer.toString(limit)));
            values.put(":one", AttributeValue.fromS(phone));
        }
        return u.expressionAttributeNames(Map.of("#m", MEMBERS, "#u", NumberStore.UPDATED))
                .expressionAttributeValues(values).build();
    }

    /** Takes {@code phone} out of the owner's numbers; nothing happens when it is not there. */
    void give(String owner, String phone) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(owner))
                    .updateExpression("DELETE #m :p SET #u = :u").conditionExpression("contains(#m, :one)")
                    .expressionAttributeNames(Map.of("#m", MEMBERS, "#u", NumberStore.UPDATED))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromSs(List.of(phone)),
                            ":one", AttributeValue.fromS(phone),
                            ":u", AttributeValue.fromS(Instant.now().toString()))));
        } catch (ConditionalCheckFailedException e) {
            // not held
        }
    }

    /** The numbers the owner holds, as the set says. */
    public Set<String> held(String owner) {
        HeldItem item = item(owner);
        return item == null || item.members == null ? Set.of() : Set.copyOf(item.members);
    }

    private HeldItem item(String owner) {
        return items.getItem(GetItemEnhancedRequest.builder().key(Enhanced.key(PREFIX + owner)).consistentRead(true)
                .build());
    }

    /**
     * Adds, once per owner, the numbers the owner held before this set existed (read from the ByOwner index). An
     * ADD is a union, so claims running meanwhile lose nothing; a number released meanwhile may be counted until the
     * next {@link #reconcile}.
     */
    void seedOnce(String owner) {
        HeldItem item = item(owner);
        if (item != null && item.seededAt != null) {
            return;
        }
        List<String> live = new java.util.ArrayList<>();
        numbers.index(NumberStore.BY_OWNER).query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(Enhanced.key(owner))).build())
                .stream().flatMap(page -> page.items().stream()).forEach(i -> {
                    if (!NumberStatus.RELEASED.name().equals(i.status)) {
                        live.add(i.phone);
                    }
                });
        Map<String, AttributeValue> values =
                new HashMap<>(Map.of(":now", AttributeValue.fromS(Instant.now().toString())));
        String expr = "SET #s = :now";
        if (!live.isEmpty()) {
            expr += " ADD #m :live";
            values.put(":live", AttributeValue.fromSs(live));
        }
        String update = expr;
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(owner)).updateExpression(update)
                    .conditionExpression("attribute_not_exists(#s)")
                    .expressionAttributeNames(live.isEmpty()
                            ? Map.of("#s", SEEDED)
                            : Map.of("#s", SEEDED, "#m", MEMBERS))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            // seeded by a concurrent claim
        }
    }

    /**
     * Drops the numbers whose record is RELEASED, gone or another owner's; how many it dropped. Each drop is
     * conditioned on the record as it was read (its version, or its absence).
     */
    int reconcile(String owner, NumberStore numbers) {
        int dropped = 0;
        for (String phone : held(owner)) {
            Optional<NumberRecord> r = numbers.find(phone);
            if (r.isPresent() && r.get().owner().equals(owner) && r.get().status() != NumberStatus.RELEASED) {
                continue;
            }
            ConditionCheck unchanged = r.isEmpty()
                    ? ConditionCheck.builder().tableName(table)
                            .key(Map.of(NumberStore.PHONE, AttributeValue.fromS(phone)))
                            .conditionExpression("attribute_not_exists(#p)")
                            .expressionAttributeNames(Map.of("#p", NumberStore.PHONE))
                            .build()
                    : ConditionCheck.builder().tableName(table)
                            .key(Map.of(NumberStore.PHONE, AttributeValue.fromS(phone)))
                            .conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", NumberStore.VERSION))
                            .expressionAttributeValues(
                                    Map.of(":v", AttributeValue.fromN(Long.toString(r.get().version()))))
                            .build();
            Update drop = Update.builder().tableName(table).key(key(owner)).updateExpression("DELETE #m :p")
                    .expressionAttributeNames(Map.of("#m", MEMBERS))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromSs(List.of(phone)))).build();
            try {
                dynamo.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().conditionCheck(unchanged).build(),
                        TransactWriteItem.builder().update(drop).build()));
                dropped++;
            } catch (TransactionCanceledException e) {
                // the record changed meanwhile: it is looked at again at the next reconciliation
            }
        }
        return dropped;
    }
}
