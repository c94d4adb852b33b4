package com.arkenos.telephony.numbers;

import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.core.numbers.NumberAttributes;
import com.arkenos.telephony.core.numbers.NumberRoute;
import com.arkenos.telephony.core.store.Cursors;
import com.arkenos.telephony.core.store.Enhanced;
import com.arkenos.telephony.core.store.Page;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Phone numbers in DynamoDB, keyed by the E.164 number so that a number finds its owner and agent in one read.
 * Every change that moves a number between agents is one transaction with the agents it touches, and every
 * write is conditioned on the version it read (or, for steps, on the execution that owns the number).
 *
 * <p>Items are mapped by the static schema of {@link NumberItem}; reads, the listing and the scan go through the
 * Enhanced Client. The writes stay on the low-level client, each for a reason it says: the Enhanced Client writes the
 * values it is given (SET, or REMOVE for a null), and has no way to say an increment ({@code #av = #av + :one},
 * {@code ADD #v :one}), a string-set ADD or DELETE, a SET on a map path, or a partial update of the attributes a
 * caller names; a transaction is one request, so one such write keeps the whole transaction low-level.
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
    /** Keys only, by status: how the sweeper finds the numbers in flight (template.yaml's NumbersTable). */
    public static final String BY_STATUS = "ByStatus";

    private final DynamoDbClient dynamo;
    private final String table;
    private final String agentsTable;
    private final HeldNumbers held;
    private final AgentStore agents;
    private final DynamoDbTable<NumberItem> numbers;

    public NumberStore(DynamoDbClient dynamo, String table, String agentsTable) {
        this.dynamo = dynamo;
        this.table = table;
        this.agentsTable = agentsTable;
        this.held = new HeldNumbers(dynamo, table);
        this.agents = new AgentStore(dynamo, agentsTable, table);
        this.numbers = Enhanced.client(dynamo).table(table, NumberItem.SCHEMA);
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
        NumberItem item = numbers.getItem(GetItemEnhancedRequest.builder().key(Enhanced.key(phone))
                .consistentRead(true).build());
        return Optional.ofNullable(item).map(NumberItem::record);
    }

    /**
     * Writes {@code record} and gives its number to its agent in one transaction. The number must be unknown or
     * released by the same owner; the agent must exist and hold no number.
     */
    public void claim(NumberRecord record) {
        claim(record, HeldNumbers.NO_LIMIT);
    }

    /** {@link #claim(NumberRecord, Agent, int)} with the agent read here. */
    public void claim(NumberRecord record, int limit) {
        claim(record, agents.find(record.owner(), record.agentId()).orElse(null), limit);
    }

    /**
     * Claims the number for {@code agent} (as the caller read it; null when it was not found) within the owner's
     * {@code limit}: the number joins the owner's held numbers in the same transaction, which is refused
     * (NUMBER_LIMIT) when the owner already holds {@code limit} others. The number's item carries its copy of the
     * agent ({@link NumberRoute}), and the transaction holds only if the agent is still at the version copied; an
     * agent changed since it was read is read again and copied as it is now.
     */
    public void claim(NumberRecord record, Agent agent, int limit) {
        // Low-level: the transaction's agent half increments the agent's version and its held-numbers half ADDs to a
        // string set, neither of which the Enhanced Client can write.
        held.seedOnce(record.owner());
        Update take = held.take(record.owner(), record.phoneNumber(), limit);
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> item = new HashMap<>(toItem(record));
            if (agent != null) {
                item.putAll(NumberRoute.of(record.phoneNumber(), agent, agent.version() + 1).attributes());
            }
            Put put = (record.status() == NumberStatus.PURCHASING ? purchaseClaim(item) : Put.builder().tableName(table)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#p) OR (#s = :released AND #o = :owner)")
                    .expressionAttributeNames(Map.of("#p", PHONE, "#s", STATUS, "#o", OWNER))
                    .expressionAttributeValues(Map.of(":released", AttributeValue.fromS(NumberStatus.RELEASED.name()),
                            ":owner", AttributeValue.fromS(record.owner()))))
                    .build();
            Update claimed = claimAgent(record.owner(), record.agentId(), record.phoneNumber(), agent);
            try {
                dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().put(put).build(),
                        TransactWriteItem.builder().update(claimed).build(),
                        TransactWriteItem.builder().update(take).build()));
                return;
            } catch (TransactionCanceledException e) {
                if (conflictOnly(e) && attempt < MAX_CONFLICT_RETRIES) {
                    // Parallel claims of one owner meet on the held-numbers item: DynamoDB cancels all but one.
                    pause(attempt);
                    continue;
                }
                int failed = failedIndex(e);
                if (failed == 1 && attempt < MAX_CONFLICT_RETRIES) {
                    Optional<Agent> now = changedSince(record.owner(), record.agentId(), agent);
                    if (now.isPresent()) {
                        agent = now.get();
                        continue;
                    }
                }
                throw new ClaimRefused(failed == 0 ? ClaimFailure.NUMBER_HELD
                        : failed == 1 ? ClaimFailure.AGENT_UNAVAILABLE : ClaimFailure.NUMBER_LIMIT);
            }
        }
    }

    /**
     * A purchase claims only a number with no record at all: a number with one, even released by the same owner, is
     * in the Twilio account already, and is assigned, never bought (the buy answers so from the record it finds).
     */
    private Put.Builder purchaseClaim(Map<String, AttributeValue> item) {
        return Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(#p)")
                .expressionAttributeNames(Map.of("#p", PHONE));
    }

    /** Writes an operator's grant (a RELEASED record) if the number has no record; false when it has one. */
    public boolean recordGrant(NumberRecord granted) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(granted))
                    .conditionExpression("attribute_not_exists(#p)").expressionAttributeNames(Map.of("#p", PHONE)));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Undoes a claim whose purchase never happened: the number record goes and the agent is free again. */
    public void abandonClaim(NumberRecord record) {
        abandonClaim(record, -1);
    }

    /**
     * As {@link #abandonClaim(NumberRecord)}; when the agent was at {@code agentVersionBefore} before the claim and
     * nothing but the claim changed it since (its version is one more and it holds this number), it gets that
     * version back, so a refused buy leaves the agent exactly as it was (a client's If-Match still holds). Otherwise
     * freeing it counts as a change, as any other move does.
     */
    public void abandonClaim(NumberRecord record, long agentVersionBefore) {
        // Low-level: the agent's version is computed in the same transaction.
        Delete del = Delete.builder().tableName(table).key(Map.of(PHONE, AttributeValue.fromS(record.phoneNumber())))
                .conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", VERSION))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(record.version()))))
                .build();
        boolean restored = false;
        if (agentVersionBefore >= 0) {
            Update restore = Update.builder().tableName(agentsTable)
                    .key(AgentStore.key(record.owner(), record.agentId()))
                    .updateExpression("REMOVE #ap SET #av = :before")
                    .conditionExpression("#ap = :p AND #av = :claimed")
                    .expressionAttributeNames(Map.of("#ap", AgentStore.PHONE, "#av", AgentStore.VERSION))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(record.phoneNumber()),
                            ":before", AttributeValue.fromN(Long.toString(agentVersionBefore)),
                            ":claimed", AttributeValue.fromN(Long.toString(agentVersionBefore + 1))))
                    .build();
            try {
                dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().delete(del).build(),
                        TransactWriteItem.builder().update(restore).build()));
                restored = true;
            } catch (TransactionCanceledException e) {
                // the agent changed since it was read: freed below, as a change
            }
        }
        if (!restored) {
            dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().delete(del).build(),
                    TransactWriteItem.builder()
                            .update(freeAgent(record.owner(), record.agentId(), record.phoneNumber()))
                            .build()));
        }
        held.give(record.owner(), record.phoneNumber());
    }

    /**
     * Applies {@code changes} (attribute -> value, null = remove) if the record is still at {@code expectedVersion};
     * returns the record as written, or empty when someone else changed it first.
     */
    public Optional<NumberRecord> update(NumberRecord current, Map<String, AttributeValue> changes) {
        // Low-level: only the attributes the caller names are SET or REMOVEd; an Enhanced Client update writes every
        // attribute of the schema and would rewrite the ones this update does not touch.
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
        // Low-level: a SET on one key of the steps map and an ADD to the version.
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(PHONE, AttributeValue.fromS(phone)))
                    .updateExpression("SET #steps.#step = :st, #u = :u ADD #v :one")
                    .conditionExpression("#e = :e")
                    .expressionAttributeNames(Map.of("#steps", STEPS, "#step", step, "#u", UPDATED, "#v", VERSION,
                            "#e", EXECUTION))
                    .expressionAttributeValues(Map.of(":st", stepItem(state),
                            ":u", AttributeValue.fromS(Instant.now().toString()),
                            ":one", AttributeValue.fromN("1"), ":e", AttributeValue.fromS(execution))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Sets fields while {@code execution} owns the number and it is in {@code expected} status. */
    public boolean finishStep(String phone, String execution, NumberStatus expected, Map<String, AttributeValue> set) {
        return finishStep(phone, execution, expected, Map.of(), set, ReturnValue.NONE) != null;
    }

    /**
     * Records {@code steps} and sets {@code set} in one write while {@code execution} owns the number in
     * {@code expected} status: a step's fencing and its record, or several steps' records, without a read. Answers
     * the record as written, or empty when the condition failed.
     */
    public Optional<NumberRecord> recordSteps(String phone, String execution, NumberStatus expected,
                                              Map<String, NumberRecord.StepState> steps,
                                              Map<String, AttributeValue> set) {
        Map<String, AttributeValue> written = finishStep(phone, execution, expected, steps, set, ReturnValue.ALL_NEW);
        return written == null ? Optional.empty() : Optional.of(fromItem(written));
    }

    /**
     * For a transaction with another item (a trunk's lease): holds only while {@code execution} owns the number in
     * {@code expected} status, the check each step makes before it acts.
     */
    public TransactWriteItem fence(String phone, String execution, NumberStatus expected) {
        return TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                .key(Map.of(PHONE, AttributeValue.fromS(phone)))
                .conditionExpression("#e = :e AND #s = :expected")
                .expressionAttributeNames(Map.of("#e", EXECUTION, "#s", STATUS))
                .expressionAttributeValues(Map.of(":e", AttributeValue.fromS(execution),
                        ":expected", AttributeValue.fromS(expected.name())))).build();
    }

    /** For a transaction with another item (a trunk's lease): {@link #recordStep}'s write, under the same fence. */
    public TransactWriteItem stepWrite(String phone, String execution, NumberStatus expected, String step,
                                       NumberRecord.StepState state) {
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Map.of(PHONE, AttributeValue.fromS(phone)))
                .updateExpression("SET #steps.#step = :st, #u = :u ADD #v :one")
                .conditionExpression("#e = :e AND #s = :expected")
                .expressionAttributeNames(Map.of("#steps", STEPS, "#step", step, "#u", UPDATED, "#v", VERSION,
                        "#e", EXECUTION, "#s", STATUS))
                .expressionAttributeValues(Map.of(":st", stepItem(state),
                        ":u", AttributeValue.fromS(Instant.now().toString()), ":one", AttributeValue.fromN("1"),
                        ":e", AttributeValue.fromS(execution), ":expected", AttributeValue.fromS(expected.name()))))
                .build();
    }

    /**
     * As {@link #finishStep(String, String, NumberStatus, Map)}, answering the record as written (from the write's
     * own answer: no second read), or empty when the condition failed.
     */
    public Optional<NumberRecord> finishStepAndRead(String phone, String execution, NumberStatus expected,
                                                    Map<String, AttributeValue> set) {
        Map<String, AttributeValue> written = finishStep(phone, execution, expected, Map.of(), set,
                ReturnValue.ALL_NEW);
        return written == null ? Optional.empty() : Optional.of(NumberItem.SCHEMA.mapToItem(written).record());
    }

    /** The write's answer (empty unless {@code returns} asks for it), or null when the condition failed. */
    private Map<String, AttributeValue> finishStep(String phone, String execution, NumberStatus expected,
                                                   Map<String, NumberRecord.StepState> steps,
                                                   Map<String, AttributeValue> set, ReturnValue returns) {
        // Low-level: the caller's attributes are SET and the version is incremented (ADD).
        Map<String, String> names = new HashMap<>(Map.of("#e", EXECUTION, "#s", STATUS, "#u", UPDATED, "#v", VERSION));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":e", AttributeValue.fromS(execution),
                ":expected", AttributeValue.fromS(expected.name()),
                ":u", AttributeValue.fromS(Instant.now().toString()),
                ":one", AttributeValue.fromN("1")));
        StringBuilder expr = new StringBuilder("SET #u = :u");
        int i = 0;
        for (Map.Entry<String, AttributeValue> c : set.entrySet()) {
            names.put("#f" + i, c.getKey());
            values.put(":f" + i, c.getValue());
            expr.append(", #f").append(i).append(" = :f").append(i);
            i++;
        }
        if (!steps.isEmpty()) {
            names.put("#steps", STEPS);
        }
        for (Map.Entry<String, NumberRecord.StepState> st : steps.entrySet()) {
            names.put("#st" + i, st.getKey());
            values.put(":st" + i, stepItem(st.getValue()));
            expr.append(", #steps.#st").append(i).append(" = :st").append(i);
            i++;
        }
        try {
            return dynamo.updateItem(b -> b.tableName(table).key(Map.of(PHONE, AttributeValue.fromS(phone)))
                    .updateExpression(expr + " ADD #v :one")
                    .conditionExpression("#e = :e AND #s = :expected")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(returns)).attributes();
        } catch (ConditionalCheckFailedException e) {
            return null;
        }
    }

    /** The release's last write: the number keeps its owner but no agent, and the agent is free. */
    public boolean markReleased(NumberRecord record, String execution) {
        // Low-level: the number's version is incremented (ADD), and so is the agent's in the same transaction.
        Update number = Update.builder().tableName(table).key(Map.of(PHONE, AttributeValue.fromS(record.phoneNumber())))
                .updateExpression("SET #s = :released, #u = :u ADD #v :one REMOVE #a, #rn, #rc, #ra, #rv")
                .conditionExpression("#e = :e AND #s = :releasing")
                .expressionAttributeNames(Map.of("#s", STATUS, "#u", UPDATED, "#v", VERSION, "#a", AGENT,
                        "#e", EXECUTION,
                        "#rn", NumberRoute.NAME, "#rc", NumberRoute.CONFIG, "#ra", NumberRoute.ACTIVE,
                        "#rv", NumberRoute.VERSION))
                .expressionAttributeValues(Map.of(":released", AttributeValue.fromS(NumberStatus.RELEASED.name()),
                        ":releasing", AttributeValue.fromS(NumberStatus.RELEASING.name()),
                        ":u", AttributeValue.fromS(Instant.now().toString()), ":one", AttributeValue.fromN("1"),
                        ":e", AttributeValue.fromS(execution)))
                .build();
        List<TransactWriteItem> items = new java.util.ArrayList<>();
        items.add(TransactWriteItem.builder().update(number).build());
        if (record.agentId() != null) {
            items.add(TransactWriteItem.builder()
                    .update(freeAgent(record.owner(), record.agentId(), record.phoneNumber())).build());
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

    /**
     * Moves the number from its agent (if any) to {@code target} (as the caller read it) in one transaction, with
     * its copy of the target ({@link NumberRoute}); a target changed since it was read is read again. False when
     * the number changed, or the target is gone or holds a number.
     */
    public boolean reassign(NumberRecord record, Agent target) {
        // Low-level: the agents' halves of the transaction increment their versions.
        for (int attempt = 1; ; attempt++) {
            Map<String, String> names = new HashMap<>(Map.of("#a", AGENT, "#u", UPDATED, "#v", VERSION));
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":t", AttributeValue.fromS(target.id()),
                    ":u", AttributeValue.fromS(Instant.now().toString()),
                    ":v", AttributeValue.fromN(Long.toString(record.version())),
                    ":nv", AttributeValue.fromN(Long.toString(record.version() + 1))));
            StringBuilder set = new StringBuilder("SET #a = :t, #u = :u, #v = :nv");
            NumberRoute.of(record.phoneNumber(), target, target.version() + 1).attributes().forEach((name, value) -> {
                names.put("#" + name, name);
                values.put(":" + name, value);
                set.append(", #").append(name).append(" = :").append(name);
            });
            Update number = Update.builder().tableName(table)
                    .key(Map.of(PHONE, AttributeValue.fromS(record.phoneNumber())))
                    .updateExpression(set.toString()).conditionExpression("#v = :v")
                    .expressionAttributeNames(names).expressionAttributeValues(values).build();
            Update claim = claimAgent(record.owner(), target.id(), record.phoneNumber(), target);
            List<TransactWriteItem> items = new java.util.ArrayList<>(List.of(
                    TransactWriteItem.builder().update(number).build(),
                    TransactWriteItem.builder().update(claim).build()));
            if (record.agentId() != null) {
                items.add(TransactWriteItem.builder()
                        .update(freeAgent(record.owner(), record.agentId(), record.phoneNumber())).build());
            }
            try {
                dynamo.transactWriteItems(b -> b.transactItems(items));
                return true;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                boolean targetOnly = reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code())
                        && !"ConditionalCheckFailed".equals(reasons.get(0).code());
                Optional<Agent> now = targetOnly && attempt < MAX_CONFLICT_RETRIES
                        ? changedSince(record.owner(), target.id(), target) : Optional.empty();
                if (now.isEmpty()) {
                    return false;
                }
                target = now.get();
            }
        }
    }

    /**
     * The statuses of the numbers that are on the shared trunks or are being put there: a trunk made again starts
     * with them. A PROVISIONING number is among them whether or not its own add step has run (adding it again is
     * idempotent); without it, one between its add step and MarkActive would be left off the new trunk.
     */
    private static final List<NumberStatus> ROUTED = List.of(NumberStatus.ACTIVE, NumberStatus.PROVISIONING);

    /** Every number of every owner that is routed or being routed (see {@link #routedNumbers(int, String)}). */
    public List<String> routedNumbers() {
        List<String> out = new java.util.ArrayList<>();
        String after = null;
        do {
            Page<String> page = routedNumbers(1000, after);
            out.addAll(page.items());
            after = page.nextCursor();
        } while (after != null);
        return out;
    }

    /**
     * Up to {@code limit} of the numbers, of every owner, that are ACTIVE or PROVISIONING, in a stable order, after
     * {@code after} (a cursor this method answered; null from the start). Queries of the keys-only
     * {@value #BY_STATUS} index, so the cost follows those numbers and not the table's size (the Scan it replaces
     * read every record ever made). The index lags its table by a moment; a number moving between the two statuses
     * is found in one of them.
     */
    public Page<String> routedNumbers(int limit, String after) {
        int from = 0;
        String afterPhone = null;
        if (after != null) {
            int sep = after.indexOf(' ');
            from = ROUTED.indexOf(NumberStatus.valueOf(after.substring(0, sep)));
            afterPhone = sep + 1 < after.length() ? after.substring(sep + 1) : null;
        }
        List<String> out = new java.util.ArrayList<>();
        for (int i = from; i < ROUTED.size(); i++) {
            NumberStatus status = ROUTED.get(i);
            QueryEnhancedRequest.Builder q = QueryEnhancedRequest.builder()
                    .queryConditional(QueryConditional.keyEqualTo(Enhanced.key(status.name())))
                    .limit(limit - out.size());
            if (i == from && afterPhone != null) {
                q.exclusiveStartKey(Map.of(STATUS, AttributeValue.fromS(status.name()),
                        PHONE, AttributeValue.fromS(afterPhone)));
            }
            var page = numbers.index(BY_STATUS).query(q.build()).iterator().next();
            page.items().forEach(item -> out.add(item.phone));
            if (page.lastEvaluatedKey() != null && !page.lastEvaluatedKey().isEmpty()) {
                return new Page<>(out, status.name() + " " + page.lastEvaluatedKey().get(PHONE).s());
            }
            if (out.size() >= limit) {
                return new Page<>(out, i + 1 < ROUTED.size() ? ROUTED.get(i + 1).name() + " " : null);
            }
        }
        return new Page<>(out, null);
    }

    /**
     * Up to {@code max} numbers whose operation is under way (PURCHASING, PROVISIONING, RELEASING), of every owner,
     * for the sweeper: a Query of the {@value #BY_STATUS} index per status, so the cost follows the numbers in flight
     * and not the table's size, then each one read consistently (the index lags its table a little, and holds keys
     * only); one that has moved on meanwhile is left out.
     */
    public List<NumberRecord> inFlight(int max) {
        List<NumberRecord> out = new java.util.ArrayList<>();
        for (NumberStatus status : List.of(NumberStatus.PURCHASING, NumberStatus.PROVISIONING,
                NumberStatus.RELEASING)) {
            var pages = numbers.index(BY_STATUS).query(QueryEnhancedRequest.builder()
                    .queryConditional(QueryConditional.keyEqualTo(Enhanced.key(status.name()))).limit(max).build());
            for (var page : pages) {
                for (NumberItem key : page.items()) {
                    if (out.size() >= max) {
                        return out;
                    }
                    find(key.phone).filter(r -> r.status() == status).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** One page of the owner's numbers through the {@value #BY_OWNER} index: one Query. */
    public Page<NumberRecord> listByOwner(String owner, int limit, String cursor) {
        QueryEnhancedRequest.Builder q = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(Enhanced.key(owner))).limit(limit);
        if (cursor != null) {
            Map<String, AttributeValue> start = new HashMap<>(Cursors.decode(cursor, Set.of(PHONE)));
            start.put(OWNER, AttributeValue.fromS(owner));
            q.exclusiveStartKey(start);
        }
        var page = numbers.index(BY_OWNER).query(q.build()).iterator().next();
        return new Page<>(page.items().stream().map(NumberItem::record).toList(),
                Cursors.encode(page.lastEvaluatedKey(), Set.of(PHONE)));
    }

    /**
     * Gives {@code phone} to an agent that exists and holds no number (the other half of every move), still at the
     * version of {@code seen} (the copy the number takes of it) when the caller read it.
     */
    private Update claimAgent(String owner, String agentId, String phone, Agent seen) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", AttributeValue.fromS(phone),
                ":one", AttributeValue.fromN("1")));
        String condition = "attribute_exists(#aid) AND attribute_not_exists(#ap)";
        if (seen != null) {
            condition += " AND #av = :seen";
            values.put(":seen", AttributeValue.fromN(Long.toString(seen.version())));
        }
        return Update.builder().tableName(agentsTable).key(AgentStore.key(owner, agentId))
                .updateExpression("SET #ap = :p, #av = #av + :one")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#ap", AgentStore.PHONE, "#av", AgentStore.VERSION,
                        "#aid", AgentStore.ID))
                .expressionAttributeValues(values)
                .build();
    }

    /**
     * The agent as it is now, when a move to it was refused only because it changed since {@code seen} was read
     * (it exists, holds no number, and is at another version); empty when the refusal stands.
     */
    private Optional<Agent> changedSince(String owner, String agentId, Agent seen) {
        if (seen == null) {
            return Optional.empty();
        }
        return agents.find(owner, agentId).filter(a -> a.phoneNumber() == null && a.version() != seen.version());
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

    /** The item of {@code r}, as {@link NumberItem#SCHEMA} maps it (absent values are left out). */
    public static Map<String, AttributeValue> toItem(NumberRecord r) {
        return NumberItem.SCHEMA.itemToMap(NumberItem.of(r), true);
    }

    static AttributeValue stepItem(NumberRecord.StepState s) {
        return AttributeValue.fromM(NumberItem.StepItem.SCHEMA.itemToMap(NumberItem.StepItem.of(s), true));
    }

    public static NumberRecord fromItem(Map<String, AttributeValue> item) {
        return NumberItem.SCHEMA.mapToItem(item).record();
    }
}
