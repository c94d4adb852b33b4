package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.errors.NotFoundException;
import com.arkenos.telephony.core.store.Cursors;
import com.arkenos.telephony.core.store.Page;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
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

    public CallStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.slots = new LiveCallSlots(dynamo, table);
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
            dynamo.putItem(b -> b.tableName(table).item(toItem(call))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", CALL_ID)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public Optional<CallRecord> find(String callId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(key(callId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** The call if {@code owner} owns it; another owner's call is simply not found. */
    public CallRecord get(String owner, String callId) {
        return find(callId).filter(c -> c.owner().equals(owner)).orElseThrow(() -> new NotFoundException("call not found"));
    }

    /** The owner's calls, newest first. */
    public Page<CallRecord> list(String owner, int limit, String cursor, Filter filter) {
        Map<String, AttributeValue> start = null;
        if (cursor != null) {
            start = new HashMap<>(Cursors.decode(cursor, CURSOR_FIELDS));
            start.put(OWNER, AttributeValue.fromS(owner));
        }
        Map<String, String> names = new HashMap<>(Map.of("#o", OWNER));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":o", AttributeValue.fromS(owner)));
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
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(BY_OWNER)
                    .keyConditionExpression("#o = :o").scanIndexForward(false)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    // With a filter, DynamoDB applies Limit before filtering: read more to fill the page.
                    .limit(filter.any() ? Math.min(100, Math.max(remaining, 25)) : remaining);
            if (!conditions.isEmpty()) {
                q.filterExpression(String.join(" AND ", conditions));
            }
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            QueryResponse r = dynamo.query(q.build());
            boolean more = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty();
            List<Map<String, AttributeValue>> items = r.items();
            for (int i = 0; i < items.size(); i++) {
                out.add(fromItem(items.get(i)));
                if (out.size() == limit) {
                    boolean after = i < items.size() - 1 || more;
                    return new Page<>(out, after ? Cursors.encode(items.get(i), CURSOR_FIELDS) : null);
                }
            }
            if (!more) {
                return new Page<>(out, null);
            }
            start = r.lastEvaluatedKey();
        }
        return new Page<>(out, Cursors.encode(start, CURSOR_FIELDS));
    }

    /** The ids of the calls held in {@code room} (the ByRoom index projects keys only). */
    public List<String> callIdsInRoom(String room) {
        return dynamo.query(b -> b.tableName(table).indexName(BY_ROOM).keyConditionExpression("#r = :r")
                        .expressionAttributeNames(Map.of("#r", ROOM))
                        .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(room))))
                .items().stream().map(i -> i.get(CALL_ID).s()).toList();
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
        return transition(callId, "attribute_exists(#id) AND attribute_not_exists(#e)", Map.of("#id", CALL_ID, "#e", ENDED),
                Map.of(), ordered(ENDED, s(ts(at))), at);
    }

    private Optional<CallRecord> transition(String callId, String condition, Map<String, String> conditionNames,
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
                expr.append(", #f").append(i).append(" = if_not_exists(#f").append(i).append(", :f").append(i).append(")");
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
            CallRecord call = fromItem(item);
            if (call.direction() == CallDirection.OUTBOUND && call.status().isFinal()) {
                freeSlot(call);
            }
            return Optional.of(call);
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
            com.arkenos.telephony.core.log.Log.warn("call_slot_release_failed", "call_id", call.callId(),
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

    public static Map<String, AttributeValue> toItem(CallRecord c) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(CALL_ID, s(c.callId()));
        item.put(OWNER, s(c.owner()));
        put(item, AGENT, c.agentId());
        item.put(DIRECTION, s(c.direction().name()));
        item.put(STATUS, s(c.status().name()));
        item.put(ROOM, s(c.roomName()));
        put(item, FROM, c.fromNumber());
        put(item, TO, c.toNumber());
        put(item, PARTICIPANT_IDENTITY, c.participantIdentity());
        put(item, PARTICIPANT_NAME, c.participantName());
        put(item, TRUNK, c.trunkId());
        put(item, SIP_CALL_ID, c.sipCallId());
        if (c.ringingTimeoutSeconds() != null) {
            item.put(RINGING_TIMEOUT, AttributeValue.fromN(c.ringingTimeoutSeconds().toString()));
        }
        if (c.sipStatusCode() != null) {
            item.put(SIP_STATUS_CODE, AttributeValue.fromN(c.sipStatusCode().toString()));
        }
        put(item, SIP_STATUS, c.sipStatus());
        put(item, ERROR_CODE, c.errorCode());
        put(item, ERROR_MESSAGE, c.errorMessage());
        put(item, CALLBACK_URL, c.callbackUrl());
        item.put(CREATED, s(ts(c.createdAt())));
        put(item, DIAL_STARTED, c.dialStartedAt() == null ? null : ts(c.dialStartedAt()));
        put(item, ANSWERED, c.answeredAt() == null ? null : ts(c.answeredAt()));
        put(item, ENDED, c.endedAt() == null ? null : ts(c.endedAt()));
        item.put(UPDATED, s(ts(c.updatedAt())));
        return item;
    }

    static CallRecord fromItem(Map<String, AttributeValue> i) {
        return new CallRecord(str(i, CALL_ID), str(i, OWNER), str(i, AGENT), CallDirection.valueOf(str(i, DIRECTION)),
                CallStatus.valueOf(str(i, STATUS)), str(i, ROOM), str(i, FROM), str(i, TO),
                str(i, PARTICIPANT_IDENTITY), str(i, PARTICIPANT_NAME), str(i, TRUNK), str(i, SIP_CALL_ID),
                num(i, RINGING_TIMEOUT), num(i, SIP_STATUS_CODE), str(i, SIP_STATUS), str(i, ERROR_CODE),
                str(i, ERROR_MESSAGE), str(i, CALLBACK_URL), instant(i, CREATED), instant(i, DIAL_STARTED),
                instant(i, ANSWERED), instant(i, ENDED), instant(i, UPDATED));
    }

    private static void put(Map<String, AttributeValue> item, String k, String v) {
        if (v != null) {
            item.put(k, s(v));
        }
    }

    static String ts(Instant at) {
        return TIMESTAMP.format(at);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static String str(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m.get(k);
        return v == null ? null : v.s();
    }

    private static Integer num(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m.get(k);
        return v == null || v.n() == null ? null : Integer.valueOf(v.n());
    }

    private static Instant instant(Map<String, AttributeValue> m, String k) {
        String v = str(m, k);
        return v == null ? null : Instant.parse(v);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
