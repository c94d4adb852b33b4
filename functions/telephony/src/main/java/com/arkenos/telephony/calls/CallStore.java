package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.errors.NotFoundException;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.core.log.Metric;
import com.arkenos.telephony.core.store.Cursors;
import com.arkenos.telephony.core.store.Enhanced;
import com.arkenos.telephony.core.store.Page;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Calls in DynamoDB, keyed by call id; an owner's calls are listed newest first through the ByOwner index, and the
 * calls of a LiveKit room are found through ByRoom. Every status change is a write conditioned on the status it
 * moves from, so a late or repeated event (a webhook delivered twice, the dial step's outcome arriving after the
 * owner ended the call) can never take a final call back to a live state or overwrite its outcome.
 *
 * <p>Items are mapped by the static schema of {@link CallItem} and go through the Enhanced Client, except the
 * transitions that record an end: the first recorded end wins ({@code SET ended_at = if_not_exists(ended_at, :t)}),
 * which the Enhanced Client cannot write (it sets the value it is given), so those stay on the low-level client.
 */
public final class CallStore {
    public static final String CALL_ID = "call_id";
    public static final String OWNER = "owner_id";
    public static final String AGENT = "agent_id";
    public static final String DIRECTION = "direction";
    public static final String STATUS = "status";
    public static final String ROOM = "room_name";
    public static final String FROM = "from_number";
    public static final String TO = "to_number";
    public static final String PARTICIPANT_IDENTITY = "participant_identity";
    public static final String PARTICIPANT_NAME = "participant_name";
    public static final String TRUNK = "trunk_id";
    public static final String SIP_CALL_ID = "sip_call_id";
    public static final String RINGING_TIMEOUT = "ringing_timeout_seconds";
    public static final String SIP_STATUS_CODE = "sip_status_code";
    public static final String SIP_STATUS = "sip_status";
    public static final String ERROR_CODE = "error_code";
    public static final String ERROR_MESSAGE = "error_message";
    public static final String CALLBACK_URL = "callback_url";
    public static final String CREATED = "created_at";
    public static final String DIAL_STARTED = "dial_started_at";
    public static final String ANSWERED = "answered_at";
    public static final String ENDED = "ended_at";
    public static final String UPDATED = "updated_at";
    public static final String BY_OWNER = "ByOwner";
    public static final String BY_ROOM = "ByRoom";
    private static final Set<String> CURSOR_FIELDS = Set.of(CALL_ID, CREATED);
    /** A filtered listing reads at most this many index pages for one answer page. */
    private static final int MAX_ROUNDS = 5;
    /**
     * Fixed-width UTC timestamps: {@code created_at} is the ByOwner sort key, and {@link Instant#toString()} drops a
     * zero fraction ({@code ...:05Z} sorts after {@code ...:05.120Z}).
     */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;
    private final LiveCallSlots slots;
    private final DynamoDbTable<CallItem> calls;

    public CallStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.slots = new LiveCallSlots(dynamo, table);
        this.calls = Enhanced.client(dynamo).table(table, CallItem.SCHEMA);
    }

    /** The owners' live outbound calls, which the concurrent-call limit counts. */
    LiveCallSlots slots() {
        return slots;
    }

    /** The Idempotency-Keys of outbound calls. */
    OutboundCallKeys keys() {
        return new OutboundCallKeys(dynamo, table);
    }

    /** The same table through another client (SnapStart priming points a copy at a stand-in). */
    public CallStore on(DynamoDbClient other) {
        return new CallStore(other, table);
    }

    /** What a listing is narrowed to; null fields do not filter. */
    public record Filter(CallDirection direction, CallStatus status, String agentId) {
        boolean any() {
            return direction != null || status != null || agentId != null;
        }
    }

    /** Writes a new call; false when a call with this id exists already (a repeated event). */
    public boolean create(CallRecord call) {
        try {
            calls.putItem(PutItemEnhancedRequest.builder(CallItem.class).item(CallItem.of(call))
                    .conditionExpression(Enhanced.expression("attribute_not_exists(#id)", Map.of("#id", CALL_ID)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public Optional<CallRecord> find(String callId) {
        CallItem item = calls.getItem(GetItemEnhancedRequest.builder().key(Enhanced.key(callId)).consistentRead(true)
                .build());
        return Optional.ofNullable(item).map(CallItem::record);
    }

    /** The call if {@code owner} owns it; another owner's call is simply not found. */
    public CallRecord get(String owner, String callId) {
        return find(callId).filter(c -> c.owner().equals(owner))
                .orElseThrow(() -> new NotFoundException("call not found"));
    }

    /** The owner's calls, newest first: one Query per round, at most {@value #MAX_ROUNDS} rounds. */
    public Page<CallRecord> list(String owner, int limit, String cursor, Filter filter) {
        Map<String, AttributeValue> start = null;
        if (cursor != null) {
            start = new HashMap<>(Cursors.decode(cursor, CURSOR_FIELDS));
            start.put(OWNER, AttributeValue.fromS(owner));
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> conditions = new ArrayList<>();
        if (filter.direction() != null) {
            names.put("#d", DIRECTION);
            values.put(":d", AttributeValue.fromS(filter.direction().name()));
            conditions.add("#d = :d");
        }
        if (filter.status() != null) {
            names.put("#s", STATUS);
            values.put(":s", AttributeValue.fromS(filter.status().name()));
            conditions.add("#s = :s");
        }
        if (filter.agentId() != null) {
            names.put("#a", AGENT);
            values.put(":a", AttributeValue.fromS(filter.agentId()));
            conditions.add("#a = :a");
        }
        List<CallRecord> out = new ArrayList<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int remaining = limit - out.size();
            QueryEnhancedRequest.Builder q = QueryEnhancedRequest.builder()
                    .queryConditional(QueryConditional.keyEqualTo(Enhanced.key(owner))).scanIndexForward(false)
                    // With a filter, DynamoDB applies Limit before filtering: read more to fill the page.
                    .limit(filter.any() ? Math.min(100, Math.max(remaining, 25)) : remaining);
            if (!conditions.isEmpty()) {
                q.filterExpression(Enhanced.expression(String.join(" AND ", conditions), names, values));
            }
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            var r = calls.index(BY_OWNER).query(q.build()).iterator().next();
            boolean more = r.lastEvaluatedKey() != null && !r.lastEvaluatedKey().isEmpty();
            List<CallItem> items = r.items();
            for (int i = 0; i < items.size(); i++) {
                out.add(items.get(i).record());
                if (out.size() == limit) {
                    boolean after = i < items.size() - 1 || more;
                    return new Page<>(out, after ? Cursors.encode(cursorKey(items.get(i)), CURSOR_FIELDS) : null);
                }
            }
            if (!more) {
                return new Page<>(out, null);
            }
            start = r.lastEvaluatedKey();
        }
        return new Page<>(out, Cursors.encode(start, CURSOR_FIELDS));
    }

    /** The ids of the calls held in {@code room} (the ByRoom index projects keys only): one Query, one page. */
    public List<String> callIdsInRoom(String room) {
        return calls.index(BY_ROOM).query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(Enhanced.key(room))).build())
                .iterator().next().items().stream().map(i -> i.callId).toList();
    }

    /** The index key a listing's cursor is made of. */
    private static Map<String, AttributeValue> cursorKey(CallItem item) {
        return Map.of(CALL_ID, s(item.callId), CREATED, s(item.createdAt));
    }

    // ------------------------------------------------------------------ transitions

    /** Takes a ringing call for the dial step, once: a repeated delivery of the step finds it taken. */
    public boolean startDialing(String callId, Instant at) {
        return transition(callId, "#s = :ringing AND attribute_not_exists(#ds)", Map.of("#ds", DIAL_STARTED),
                Map.of(":ringing", s(CallStatus.RINGING.name())),
                ordered(DIAL_STARTED, s(ts(at))), at).isPresent();
    }

    /**
     * The callee picked up. If the room already finished meanwhile (its webhook overtook the dial's answer), the
     * call is answered and completed at once.
     */
    public Optional<CallRecord> answered(String callId, Instant at, String sipCallId) {
        Map<String, AttributeValue> set = ordered(STATUS, s(CallStatus.ANSWERED.name()), ANSWERED, s(ts(at)));
        if (sipCallId != null && !sipCallId.isEmpty()) {
            set.put(SIP_CALL_ID, s(sipCallId));
        }
        Optional<CallRecord> r = transition(callId, "#s = :ringing AND attribute_not_exists(#e)", Map.of("#e", ENDED),
                Map.of(":ringing", s(CallStatus.RINGING.name())), set, at);
        if (r.isPresent()) {
            return r;
        }
        set.put(STATUS, s(CallStatus.COMPLETED.name()));
        return transition(callId, "#s = :ringing AND attribute_exists(#e)", Map.of("#e", ENDED),
                Map.of(":ringing", s(CallStatus.RINGING.name())), set, at);
    }

    /**
     * A ringing call that never connected ends with {@code status} (BUSY, NO_ANSWER, REJECTED or FAILED) and what
     * the SIP side or the provider said.
     */
    public Optional<CallRecord> notConnected(String callId, CallStatus status, Integer sipStatusCode, String sipStatus,
                                             String errorCode, String errorMessage, Instant at) {
        Map<String, AttributeValue> set = ordered(STATUS, s(status.name()));
        if (sipStatusCode != null) {
            set.put(SIP_STATUS_CODE, AttributeValue.fromN(Integer.toString(sipStatusCode)));
        }
        if (sipStatus != null && !sipStatus.isEmpty()) {
            set.put(SIP_STATUS, s(truncate(sipStatus, 200)));
        }
        if (errorCode != null) {
            set.put(ERROR_CODE, s(truncate(errorCode, 100)));
        }
        if (errorMessage != null) {
            set.put(ERROR_MESSAGE, s(truncate(errorMessage, 500)));
        }
        return transition(callId, "#s = :ringing", Map.of(), Map.of(":ringing", s(CallStatus.RINGING.name())),
                withEnd(set, at), at);
    }

    /** A live call ends as COMPLETED (the callee or the agent hung up, the room closed, the owner ended it). */
    public Optional<CallRecord> complete(String callId, Instant at) {
        return transition(callId, "#s IN (:ringing, :answered)", Map.of(),
                Map.of(":ringing", s(CallStatus.RINGING.name()), ":answered", s(CallStatus.ANSWERED.name())),
                withEnd(ordered(STATUS, s(CallStatus.COMPLETED.name())), at), at);
    }

    /** Completes the call only if it is answered. */
    public Optional<CallRecord> completeAnswered(String callId, Instant at) {
        return transition(callId, "#s = :answered", Map.of(), Map.of(":answered", s(CallStatus.ANSWERED.name())),
                withEnd(ordered(STATUS, s(CallStatus.COMPLETED.name())), at), at);
    }

    /** Notes when the call's room ended, keeping the status (the dial step still owns a ringing call's outcome). */
    public Optional<CallRecord> roomEnded(String callId, Instant at) {
        return transition(callId, "attribute_exists(#id) AND attribute_not_exists(#e)",
                Map.of("#id", CALL_ID, "#e", ENDED), Map.of(), ordered(ENDED, s(ts(at))), at);
    }

    private Optional<CallRecord> transition(String callId, String condition, Map<String, String> conditionNames,
                                            Map<String, AttributeValue> conditionValues,
                                            Map<String, AttributeValue> set, Instant at) {
        Optional<CallRecord> written = set.containsKey(ENDED)
                ? recordEnd(callId, condition, conditionNames, conditionValues, set, at)
                : change(callId, condition, conditionNames, conditionValues, set, at);
        written.filter(call -> call.direction() == CallDirection.OUTBOUND && call.status().isFinal())
                .ifPresent(this::freeSlot);
        if (set.containsKey(STATUS)) {
            written.filter(call -> call.status().isFinal()).ifPresent(CallStore::countEnded);
        }
        return written;
    }

    /** Every call ends through one transition here, exactly once (the condition fails for a replay). */
    private static void countEnded(CallRecord call) {
        Metric.count("CallEnded").dimension("Direction", call.direction().name())
                .dimension("Status", call.status().name()).property("call_id", call.callId()).emit();
        if (call.answeredAt() != null) {
            Metric.of("CallDuration", Metric.Unit.SECONDS, call.durationSeconds())
                    .dimension("Direction", call.direction().name()).property("call_id", call.callId()).emit();
        }
    }

    /** Sets {@code set} and updated_at under {@code condition}, through the Enhanced Client; the call as written. */
    private Optional<CallRecord> change(String callId, String condition, Map<String, String> conditionNames,
                                        Map<String, AttributeValue> conditionValues,
                                        Map<String, AttributeValue> set, Instant at) {
        Map<String, AttributeValue> changes = new HashMap<>(set);
        changes.put(CALL_ID, s(callId));
        changes.put(UPDATED, s(ts(at)));
        Map<String, String> names = new HashMap<>(conditionNames);
        if (condition.contains("#s")) {
            names.put("#s", STATUS);
        }
        try {
            // ignoreNulls: only the attributes in the item are written, the others stay as they are.
            CallItem item = calls.updateItem(UpdateItemEnhancedRequest.builder(CallItem.class)
                    .item(CallItem.SCHEMA.mapToItem(changes)).ignoreNulls(true)
                    .conditionExpression(Enhanced.expression(condition, names, conditionValues))
                    .returnValues(ReturnValue.ALL_NEW).build());
            return Optional.of(item.record());
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /**
     * {@link #change}, for a transition that records an end: the first recorded end wins, so ended_at is written
     * with {@code if_not_exists}. Low-level: the Enhanced Client only sets the values it is given.
     */
    private Optional<CallRecord> recordEnd(String callId, String condition, Map<String, String> conditionNames,
                                           Map<String, AttributeValue> conditionValues,
                                           Map<String, AttributeValue> set, Instant at) {
        Map<String, String> names = new HashMap<>(conditionNames);
        Map<String, AttributeValue> values = new HashMap<>(conditionValues);
        names.put("#s", STATUS);
        names.put("#u", UPDATED);
        values.put(":u", s(ts(at)));
        StringBuilder expr = new StringBuilder("SET #u = :u");
        int i = 0;
        for (Map.Entry<String, AttributeValue> e : set.entrySet()) {
            names.put("#f" + i, e.getKey());
            values.put(":f" + i, e.getValue());
            if (e.getKey().equals(ENDED)) {
                // The first recorded end wins: a late event does not move it.
                expr.append(", #f").append(i).append(" = if_not_exists(#f").append(i)
                        .append(", :f").append(i).append(")");
            } else {
                expr.append(", #f").append(i).append(" = :f").append(i);
            }
            i++;
        }
        if (!condition.contains("#s")) {
            names.remove("#s");
        }
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(b -> b.tableName(table).key(key(callId))
                    .updateExpression(expr.toString()).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(fromItem(item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /**
     * Every final transition of an outbound call passes here (dial step, webhook, end, settling), so this is the one
     * place a live call's slot is freed. A failure is only logged: the call's outcome is recorded, and the slot of a
     * final call is dropped when the owner next reaches the limit ({@link LiveCallSlots#reconcile}).
     */
    private void freeSlot(CallRecord call) {
        try {
            slots.release(call.owner(), call.callId());
        } catch (RuntimeException e) {
            Log.warn("call_slot_release_failed", "call_id", call.callId(),
                    "error", e.getClass().getSimpleName());
        }
    }

    private static Map<String, AttributeValue> withEnd(Map<String, AttributeValue> set, Instant at) {
        set.put(ENDED, s(ts(at)));
        return set;
    }

    private static Map<String, AttributeValue> ordered(Object... kv) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], (AttributeValue) kv[i + 1]);
        }
        return m;
    }

    // ------------------------------------------------------------------ items

    private static Map<String, AttributeValue> key(String callId) {
        return Map.of(CALL_ID, AttributeValue.fromS(callId));
    }

    /** The item of {@code c}, as {@link CallItem#SCHEMA} maps it (absent values are left out). */
    public static Map<String, AttributeValue> toItem(CallRecord c) {
        return CallItem.SCHEMA.itemToMap(CallItem.of(c), true);
    }

    static CallRecord fromItem(Map<String, AttributeValue> i) {
        return CallItem.SCHEMA.mapToItem(i).record();
    }

    static String ts(Instant at) {
        return TIMESTAMP.format(at);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
