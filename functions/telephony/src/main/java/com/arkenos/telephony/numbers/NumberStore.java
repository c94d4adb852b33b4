package com.arkenos.telephony.numbers;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.core.numbers.NumberAttributes;
import com.arkenos.telephony.core.store.Cursors;
import com.arkenos.telephony.core.store.Page;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Phone numbers in DynamoDB, keyed by the E.164 number so that a number finds its owner and agent in one read.
 * Every change that moves a number between agents is one transaction with the agents it touches, and every
 * write is conditioned on the version it read (or, for steps, on the execution that owns the number).
 */
public final class NumberStore {
    public static final String PHONE = NumberAttributes.PHONE;
    public static final String OWNER = NumberAttributes.OWNER;
    public static final String AGENT = NumberAttributes.AGENT;
    public static final String SID = NumberAttributes.SID;
    public static final String STATUS = NumberAttributes.STATUS;
    public static final String SOURCE = "source";
    public static final String OPERATION = "operation";
    public static final String ATTEMPT = "attempt";
    public static final String EXECUTION = "execution_name";
    public static final String EXECUTION_ARN = "execution_arn";
    public static final String STEPS = "steps";
    public static final String LAST_ERROR = "last_error";
    public static final String CREATED = "created_at";
    public static final String UPDATED = "updated_at";
    public static final String VERSION = "version";
    public static final String BY_OWNER = "ByOwner";

    private final DynamoDbClient dynamo;
    private final String table;
    private final String agentsTable;
    private final HeldNumbers held;

    public NumberStore(DynamoDbClient dynamo, String table, String agentsTable) {
        this.dynamo = dynamo;
        this.table = table;
        this.agentsTable = agentsTable;
        this.held = new HeldNumbers(dynamo, table);
    }

    /** The numbers each owner holds, which MaxNumbersPerOwner counts. */
    public HeldNumbers held() {
        return held;
    }

    /** The same tables through another client (SnapStart priming points a copy at a stand-in). */
    public NumberStore on(DynamoDbClient other) {
        return new NumberStore(other, table, agentsTable);
    }

    /** Why a claim did not go through. */
    public enum ClaimFailure { NUMBER_HELD, AGENT_UNAVAILABLE, NUMBER_LIMIT }

    public static final class ClaimRefused extends RuntimeException {
        private final ClaimFailure failure;

        ClaimRefused(ClaimFailure failure) {
            super(failure.name(), null, false, false);
            this.failure = failure;
        }

        public ClaimFailure failure() {
            return failure;
        }
    }

    public Optional<NumberRecord> find(String phone) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(PHONE, AttributeValue.fromS(phone))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /**
     * Writes {@code record} and gives its number to its agent in one transaction. The number must be unknown or
     * released by the same owner; the agent must exist and hold no number.
     */
    public void claim(NumberRecord record) {
        claim(record, HeldNumbers.NO_LIMIT);
    }

    /**
     * {@link #claim(NumberRecord)}, and the number joins the owner's held numbers in the same transaction, which is
     * refused (NUMBER_LIMIT) when the owner already holds {@code limit} others.
     */
    public void claim(NumberRecord record, int limit) {
        held.seedOnce(record.owner());
        Map<String, AttributeValue> item = toItem(record);
        Put put = Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#p) OR (#s = :released AND #o = :owner)")
                .expressionAttributeNames(Map.of("#p", PHONE, "#s", STATUS, "#o", OWNER))
                .expressionAttributeValues(Map.of(":released", AttributeValue.fromS(NumberStatus.RELEASED.name()),
                        ":owner", AttributeValue.fromS(record.owner())))
                .build();
        Update agent = claimAgent(record.owner(), record.agentId(), record.phoneNumber());
        Update take = held.take(record.owner(), record.phoneNumber(), limit);
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().put(put).build(),
                        TransactWriteItem.builder().update(agent).build(),
                        TransactWriteItem.builder().update(take).build()));
                return;
            } catch (TransactionCanceledException e) {
                if (conflictOnly(e) && attempt < MAX_CONFLICT_RETRIES) {
                    // Parallel claims of one owner meet on the held-numbers item: DynamoDB cancels all but one.
                    pause(attempt);
                    continue;
                }
                int failed = failedIndex(e);
                throw new ClaimRefused(failed == 0 ? ClaimFailure.NUMBER_HELD
                        : failed == 1 ? ClaimFailure.AGENT_UNAVAILABLE : ClaimFailure.NUMBER_LIMIT);
            }
        }
    }

    /** Undoes a claim whose purchase never happened: the number record goes and the agent is free again. */
    public void abandonClaim(NumberRecord record) {
        Delete del = Delete.builder().tableName(table).key(Map.of(PHONE, AttributeValue.fromS(record.phoneNumber())))
                .conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", VERSION))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(record.version()))))
                .build();
        dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().delete(del).build(),
                TransactWriteItem.builder().update(freeAgent(record.owner(), record.agentId(), record.phoneNumber())).build()));
        held.give(record.owner(), record.phoneNumber());
    }

    /**
     * Applies {@code changes} (attribute -> value, null = remove) if the record is still at {@code expectedVersion};
     * returns the record as written, or empty when someone else changed it first.
     */
    public Optional<NumberRecord> update(NumberRecord current, Map<String, AttributeValue> changes) {
        Map<String, String> names = new HashMap<>(Map.of("#v", VERSION, "#u", UPDATED));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":v", AttributeValue.fromN(Long.toString(current.version())),
                ":nv", AttributeValue.fromN(Long.toString(current.version() + 1)),
                ":u", AttributeValue.fromS(Instant.now().toString())));
        StringBuilder set = new StringBuilder("SET #v = :nv, #u = :u");
        StringBuilder remove = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, AttributeValue> c : changes.entrySet()) {
            String n = "#c" + i;
            names.put(n, c.getKey());
            if (c.getValue() == null) {
                remove.append(remove.length() == 0 ? " REMOVE " : ", ").append(n);
            } else {
                set.append(", ").append(n).append(" = :c").append(i);
                values.put(":c" + i, c.getValue());
            }
            i++;
        }
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Map.of(PHONE, AttributeValue.fromS(current.phoneNumber())))
                    .updateExpression(set.toString() + remove)
                    .conditionExpression("#v = :v")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues("ALL_NEW").build()).attributes();
            return Optional.of(fromItem(item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /**
     * Records a step's state, only while {@code execution} still owns the number: a superseded execution's late
     * write cannot overwrite the state of a newer one.
     */
    public boolean recordStep(String phone, String execution, String step, NumberRecord.StepState state) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(PHONE, AttributeValue.fromS(phone)))
                    .updateExpression("SET #steps.#step = :st, #u = :u ADD #v :one")
                    .conditionExpression("#e = :e")
                    .expressionAttributeNames(Map.of("#steps", STEPS, "#step", step, "#u", UPDATED, "#v", VERSION,
                            "#e", EXECUTION))
                    .expressionAttributeValues(Map.of(":st", stepItem(state), ":u", AttributeValue.fromS(Instant.now().toString()),
                            ":one", AttributeValue.fromN("1"), ":e", AttributeValue.fromS(execution))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Sets fields while {@code execution} owns the number and it is in {@code expected} status. */
    public boolean finishStep(String phone, String execution, NumberStatus expected, Map<String, AttributeValue> set) {
        Map<String, String> names = new HashMap<>(Map.of("#e", EXECUTION, "#s", STATUS, "#u", UPDATED, "#v", VERSION));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":e", AttributeValue.fromS(execution),
                ":expected", AttributeValue.fromS(expected.name()), ":u", AttributeValue.fromS(Instant.now().toString()),
                ":one", AttributeValue.fromN("1")));
        StringBuilder expr = new StringBuilder("SET #u = :u");
        int i = 0;
        for (Map.Entry<String, AttributeValue> c : set.entrySet()) {
            names.put("#f" + i, c.getKey());
            values.put(":f" + i, c.getValue());
            expr.append(", #f").append(i).append(" = :f").append(i);
            i++;
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(PHONE, AttributeValue.fromS(phone)))
                    .updateExpression(expr + " ADD #v :one")
                    .conditionExpression("#e = :e AND #s = :expected")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The release's last write: the number keeps its owner but no agent, and the agent is free. */
    public boolean markReleased(NumberRecord record, String execution) {
        Update number = Update.builder().tableName(table).key(Map.of(PHONE, AttributeValue.fromS(record.phoneNumber())))
                .updateExpression("SET #s = :released, #u = :u ADD #v :one REMOVE #a")
                .conditionExpression("#e = :e AND #s = :releasing")
                .expressionAttributeNames(Map.of("#s", STATUS, "#u", UPDATED, "#v", VERSION, "#a", AGENT, "#e", EXECUTION))
                .expressionAttributeValues(Map.of(":released", AttributeValue.fromS(NumberStatus.RELEASED.name()),
                        ":releasing", AttributeValue.fromS(NumberStatus.RELEASING.name()),
                        ":u", AttributeValue.fromS(Instant.now().toString()), ":one", AttributeValue.fromN("1"),
                        ":e", AttributeValue.fromS(execution)))
                .build();
        List<TransactWriteItem> items = new java.util.ArrayList<>();
        items.add(TransactWriteItem.builder().update(number).build());
        if (record.agentId() != null) {
            items.add(TransactWriteItem.builder().update(freeAgent(record.owner(), record.agentId(), record.phoneNumber())).build());
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
        } catch (TransactionCanceledException e) {
            return false;
        }
        // Not in the transaction: a Step Functions retry of this step must find it done, and a lost write here is
        // found by HeldNumbers.reconcile (the record says RELEASED).
        held.give(record.owner(), record.phoneNumber());
        return true;
    }

    /** Moves the number from its agent (if any) to {@code target} in one transaction. */
    public boolean reassign(NumberRecord record, String target) {
        Update number = Update.builder().tableName(table).key(Map.of(PHONE, AttributeValue.fromS(record.phoneNumber())))
                .updateExpression("SET #a = :t, #u = :u, #v = :nv")
                .conditionExpression("#v = :v")
                .expressionAttributeNames(Map.of("#a", AGENT, "#u", UPDATED, "#v", VERSION))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(target),
                        ":u", AttributeValue.fromS(Instant.now().toString()),
                        ":v", AttributeValue.fromN(Long.toString(record.version())),
                        ":nv", AttributeValue.fromN(Long.toString(record.version() + 1))))
                .build();
        Update claim = claimAgent(record.owner(), target, record.phoneNumber());
        List<TransactWriteItem> items = new java.util.ArrayList<>(List.of(TransactWriteItem.builder().update(number).build(),
                TransactWriteItem.builder().update(claim).build()));
        if (record.agentId() != null) {
            items.add(TransactWriteItem.builder().update(freeAgent(record.owner(), record.agentId(), record.phoneNumber())).build());
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    /**
     * Every ACTIVE number of every owner. A scan: only for the rare moment a shared LiveKit trunk has to be made
     * again while numbers are routed.
     */
    public List<String> activeNumbers() {
        List<String> out = new java.util.ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true).filterExpression("#s = :active")
                        .projectionExpression("#p").expressionAttributeNames(Map.of("#s", STATUS, "#p", PHONE))
                        .expressionAttributeValues(Map.of(":active", AttributeValue.fromS(NumberStatus.ACTIVE.name()))))
                .items().forEach(i -> out.add(i.get(PHONE).s()));
        return out;
    }

    public Page<NumberRecord> listByOwner(String owner, int limit, String cursor) {
        var q = software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder().tableName(table).indexName(BY_OWNER)
                .keyConditionExpression("#o = :o").expressionAttributeNames(Map.of("#o", OWNER))
                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(owner))).limit(limit);
        if (cursor != null) {
            Map<String, AttributeValue> start = new HashMap<>(Cursors.decode(cursor, Set.of(PHONE)));
            start.put(OWNER, AttributeValue.fromS(owner));
            q.exclusiveStartKey(start);
        }
        QueryResponse r = dynamo.query(q.build());
        return new Page<>(r.items().stream().map(NumberStore::fromItem).toList(),
                r.hasLastEvaluatedKey() ? Cursors.encode(r.lastEvaluatedKey(), Set.of(PHONE)) : null);
    }

    /** Gives {@code phone} to an agent that exists and holds no number (the other half of every move). */
    private Update claimAgent(String owner, String agentId, String phone) {
        return Update.builder().tableName(agentsTable).key(AgentStore.key(owner, agentId))
                .updateExpression("SET #ap = :p, #av = #av + :one")
                .conditionExpression("attribute_exists(#aid) AND attribute_not_exists(#ap)")
                .expressionAttributeNames(Map.of("#ap", AgentStore.PHONE, "#av", AgentStore.VERSION, "#aid", AgentStore.ID))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(phone), ":one", AttributeValue.fromN("1")))
                .build();
    }

    private Update freeAgent(String owner, String agentId, String phone) {
        return Update.builder().tableName(agentsTable).key(AgentStore.key(owner, agentId))
                .updateExpression("REMOVE #ap SET #av = #av + :one")
                .conditionExpression("#ap = :p")
                .expressionAttributeNames(Map.of("#ap", AgentStore.PHONE, "#av", AgentStore.VERSION))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(phone), ":one", AttributeValue.fromN("1")))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.NONE)
                .build();
    }

    private static final int MAX_CONFLICT_RETRIES = 8;

    private static boolean conflictOnly(TransactionCanceledException e) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()))
                && reasons.stream().noneMatch(r -> "ConditionalCheckFailed".equals(r.code()));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5L << Math.min(attempt, 6)));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ie);
        }
    }

    private static int failedIndex(TransactionCanceledException e) {
        List<CancellationReason> reasons = e.cancellationReasons();
        for (int i = 0; i < reasons.size(); i++) {
            if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                return i;
            }
        }
        throw e;
    }

    public static Map<String, AttributeValue> toItem(NumberRecord r) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(PHONE, AttributeValue.fromS(r.phoneNumber()));
        item.put(OWNER, AttributeValue.fromS(r.owner()));
        if (r.agentId() != null) {
            item.put(AGENT, AttributeValue.fromS(r.agentId()));
        }
        if (r.twilioSid() != null) {
            item.put(SID, AttributeValue.fromS(r.twilioSid()));
        }
        item.put(STATUS, AttributeValue.fromS(r.status().name()));
        item.put(SOURCE, AttributeValue.fromS(r.source()));
        item.put(OPERATION, AttributeValue.fromS(r.operation()));
        item.put(ATTEMPT, AttributeValue.fromN(Integer.toString(r.attempt())));
        if (r.execution() != null) {
            item.put(EXECUTION, AttributeValue.fromS(r.execution()));
        }
        if (r.executionArn() != null) {
            item.put(EXECUTION_ARN, AttributeValue.fromS(r.executionArn()));
        }
        Map<String, AttributeValue> steps = new LinkedHashMap<>();
        r.steps().forEach((k, v) -> steps.put(k, stepItem(v)));
        item.put(STEPS, AttributeValue.fromM(steps));
        if (r.lastError() != null) {
            item.put(LAST_ERROR, AttributeValue.fromS(r.lastError().toString()));
        }
        item.put(CREATED, AttributeValue.fromS(r.createdAt().toString()));
        item.put(UPDATED, AttributeValue.fromS(r.updatedAt().toString()));
        item.put(VERSION, AttributeValue.fromN(Long.toString(r.version())));
        return item;
    }

    static AttributeValue stepItem(NumberRecord.StepState s) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("state", AttributeValue.fromS(s.state()));
        if (s.at() != null) {
            m.put("at", AttributeValue.fromS(s.at().toString()));
        }
        putIf(m, "resource_id", s.resourceId());
        putIf(m, "error_code", s.errorCode());
        putIf(m, "error_message", s.errorMessage());
        putIf(m, "provider", s.provider());
        return AttributeValue.fromM(m);
    }

    private static void putIf(Map<String, AttributeValue> m, String k, String v) {
        if (v != null) {
            m.put(k, AttributeValue.fromS(v));
        }
    }

    public static NumberRecord fromItem(Map<String, AttributeValue> item) {
        Map<String, NumberRecord.StepState> steps = new LinkedHashMap<>();
        if (item.containsKey(STEPS) && item.get(STEPS).hasM()) {
            item.get(STEPS).m().forEach((k, v) -> {
                Map<String, AttributeValue> m = v.m();
                steps.put(k, new NumberRecord.StepState(s(m, "state"),
                        m.containsKey("at") ? Instant.parse(s(m, "at")) : null, s(m, "resource_id"),
                        s(m, "error_code"), s(m, "error_message"), s(m, "provider")));
            });
        }
        ObjectNode lastError = null;
        if (item.containsKey(LAST_ERROR)) {
            try {
                JsonNode n = Json.parse(item.get(LAST_ERROR).s());
                lastError = n instanceof ObjectNode o ? o : null;
            } catch (IOException e) {
                lastError = null;
            }
        }
        return new NumberRecord(s(item, PHONE), s(item, OWNER), s(item, AGENT), s(item, SID),
                NumberStatus.valueOf(s(item, STATUS)), s(item, SOURCE), s(item, OPERATION),
                item.containsKey(ATTEMPT) ? Integer.parseInt(item.get(ATTEMPT).n()) : 0,
                s(item, EXECUTION), s(item, EXECUTION_ARN), steps, lastError,
                Instant.parse(s(item, CREATED)), Instant.parse(s(item, UPDATED)), Long.parseLong(item.get(VERSION).n()));
    }

    private static String s(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m.get(k);
        return v == null ? null : v.s();
    }
}
