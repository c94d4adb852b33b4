package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.store.Enhanced;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The outbound calls an owner has live (RINGING or ANSWERED), as one item per owner in the calls table holding
 * their ids ({@code live_calls}, a string set; key {@code live-calls#<owner>}, no owner or room attribute, so no
 * listing ever sees it; only the sweeper's {@value #HOLDERS} index holds it). A new call's record and its id in the
 * set are written in one transaction whose condition is that the set holds fewer than the limit, so parallel
 * requests can never go past it: DynamoDB serialises the transactions on the item. The id leaves the set when the
 * call's record reaches a final status ({@link CallStore} does it after every final transition); removing an id is
 * idempotent, so a repeated or late release changes nothing.
 *
 * <p>A set, not a counter: if a function dies between a call's final write and its release, the set still names the
 * call, and {@link #reconcile} (run when the limit is reached) drops the ids whose records are final or gone. The
 * count always converges to the call records; a counter that missed a decrement would stay wrong for ever.
 *
 * <p>The item is read through the Enhanced Client ({@link SlotsItem}). The writes ADD an id to the set or DELETE it,
 * which the Enhanced Client cannot say (it would replace the whole set, losing a parallel call's id), so they stay on
 * the low-level client, and with them the admitting transaction.
 */
final class LiveCallSlots {
    static final String PREFIX = "live-calls#";
    static final String MEMBERS = "live_calls";
    /** The {@value #HOLDERS} index's key, on slot items only (value {@value #HOLDER_KEY}): a sparse index. */
    static final String HOLDER = "live_holder";
    static final String HOLDER_KEY = "live";
    static final String HOLDERS = "LiveCallHolders";
    /** DynamoDB cancels transactions that touch the same item at once; they are retried after a short pause. */
    private static final int MAX_CONFLICT_RETRIES = 8;

    /** Why a call could not be admitted. */
    enum Refusal { LIMIT_REACHED, KEY_TAKEN }

    static final class Refused extends RuntimeException {
        final Refusal reason;

        Refused(Refusal reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoDbTable<SlotsItem> items;

    LiveCallSlots(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.items = Enhanced.client(dynamo).table(table, SlotsItem.SCHEMA);
    }

    static Map<String, AttributeValue> key(String owner) {
        return Map.of(CallStore.CALL_ID, AttributeValue.fromS(PREFIX + owner));
    }

    /**
     * Writes the new call's record and takes a slot, in one transaction, with {@code extra} (the Idempotency-Key's
     * record) in it too. Refused when the owner has {@code limit} live calls, or when {@code extra}'s condition fails.
     */
    void admit(CallRecord call, int limit, Put extra) {
        Put record = Put.builder().tableName(table).item(CallStore.toItem(call))
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", CallStore.CALL_ID))
                .build();
        Update slot = Update.builder().tableName(table).key(key(call.owner()))
                .updateExpression("ADD #m :id SET #u = :u, #h = :h")
                .conditionExpression("attribute_not_exists(#m) OR size(#m) < :max")
                .expressionAttributeNames(Map.of("#m", MEMBERS, "#u", CallStore.UPDATED, "#h", HOLDER))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(call.callId())),
                        ":max", AttributeValue.fromN(Integer.toString(limit)),
                        ":u", AttributeValue.fromS(CallStore.ts(Instant.now())),
                        ":h", AttributeValue.fromS(HOLDER_KEY)))
                .build();
        List<TransactWriteItem> items = new ArrayList<>(List.of(TransactWriteItem.builder().put(record).build(),
                TransactWriteItem.builder().update(slot).build()));
        if (extra != null) {
            items.add(TransactWriteItem.builder().put(extra).build());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(items));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (failed(reasons, 0)) {
                    // The call id is new, so a record under it is this transaction's own: it went through and its
                    // answer was lost, and the client's retry of it is what was refused.
                    return;
                }
                if (failed(reasons, 2)) {
                    throw new Refused(Refusal.KEY_TAKEN);
                }
                if (failed(reasons, 1)) {
                    throw new Refused(Refusal.LIMIT_REACHED);
                }
                boolean conflict = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                if (!conflict || attempt >= MAX_CONFLICT_RETRIES) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    /** Frees the call's slot; nothing happens when the call holds none. */
    void release(String owner, String callId) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(owner))
                    .updateExpression("DELETE #m :id SET #u = :u")
                    .conditionExpression("contains(#m, :one)")
                    .expressionAttributeNames(Map.of("#m", MEMBERS, "#u", CallStore.UPDATED))
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(callId)),
                            ":one", AttributeValue.fromS(callId),
                            ":u", AttributeValue.fromS(CallStore.ts(Instant.now())))));
        } catch (ConditionalCheckFailedException e) {
            // not held: released before, or a call placed before the limit existed
        }
    }

    /** The ids the owner's slots hold now. */
    Set<String> held(String owner) {
        SlotsItem item = items.getItem(GetItemEnhancedRequest.builder().key(Enhanced.key(PREFIX + owner))
                .consistentRead(true).build());
        return item == null || item.members == null ? Set.of() : Set.copyOf(item.members);
    }

    /** An owner whose live-call set holds slots. */
    record Holder(String owner, Set<String> callIds) {}

    /**
     * Every owner holding live calls, for the sweeper: a Query of the {@value #HOLDERS} index, which holds the slot
     * items only (one per owner who ever placed a call), for those whose set is not empty; stopped at {@code max}.
     */
    List<Holder> holders(int max) {
        List<Holder> out = new ArrayList<>();
        var pages = items.index(HOLDERS).query(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(Enhanced.key(HOLDER_KEY)))
                .filterExpression(Enhanced.expression("size(#m) > :zero", Map.of("#m", MEMBERS),
                        Map.of(":zero", AttributeValue.fromN("0"))))
                .build());
        for (var page : pages) {
            for (SlotsItem item : page.items()) {
                if (out.size() >= max) {
                    return out;
                }
                out.add(new Holder(item.key.substring(PREFIX.length()), Set.copyOf(item.members)));
            }
        }
        return out;
    }

    /**
     * Drops the slots of calls whose record is final or missing (a release lost to a crash). A final call never
     * becomes live again, and a live call's record and slot are written together, so this never frees a live call.
     * Returns how many slots it freed.
     */
    int reconcile(String owner, CallStore calls) {
        int freed = 0;
        for (String id : held(owner)) {
            boolean live = calls.find(id).map(c -> !c.status().isFinal()).orElse(false);
            if (!live) {
                release(owner, id);
                freed++;
            }
        }
        return freed;
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
