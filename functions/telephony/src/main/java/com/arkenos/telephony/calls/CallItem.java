package com.arkenos.telephony.calls;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Function;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

/**
 * A call as the calls table holds it, attribute for attribute: times in the fixed-width form {@link CallStore#ts}
 * writes ({@code created_at} is the ByOwner sort key), statuses and directions by name. Written out by hand.
 */
final class CallItem {
    String callId;
    String owner;
    String agent;
    String direction;
    String status;
    String room;
    String from;
    String to;
    String participantIdentity;
    String participantName;
    String trunk;
    String sipCallId;
    Integer ringingTimeout;
    Integer sipStatusCode;
    String sipStatus;
    String errorCode;
    String errorMessage;
    String callbackUrl;
    String createdAt;
    String dialStartedAt;
    String answeredAt;
    String endedAt;
    String updatedAt;

    static final TableSchema<CallItem> SCHEMA = schema();

    private static TableSchema<CallItem> schema() {
        StaticTableSchema.Builder<CallItem> b = StaticTableSchema.builder(CallItem.class).newItemSupplier(CallItem::new)
                .addAttribute(String.class, a -> a.name(CallStore.CALL_ID).getter(i -> i.callId)
                        .setter((i, v) -> i.callId = v).tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name(CallStore.OWNER).getter(i -> i.owner)
                        .setter((i, v) -> i.owner = v).tags(secondaryPartitionKey(CallStore.BY_OWNER)))
                .addAttribute(String.class, a -> a.name(CallStore.ROOM).getter(i -> i.room)
                        .setter((i, v) -> i.room = v).tags(secondaryPartitionKey(CallStore.BY_ROOM)))
                .addAttribute(String.class, a -> a.name(CallStore.CREATED).getter(i -> i.createdAt)
                        .setter((i, v) -> i.createdAt = v).tags(secondarySortKey(CallStore.BY_OWNER)))
                .addAttribute(Integer.class, a -> a.name(CallStore.RINGING_TIMEOUT).getter(i -> i.ringingTimeout)
                        .setter((i, v) -> i.ringingTimeout = v))
                .addAttribute(Integer.class, a -> a.name(CallStore.SIP_STATUS_CODE).getter(i -> i.sipStatusCode)
                        .setter((i, v) -> i.sipStatusCode = v));
        text(b, CallStore.AGENT, i -> i.agent, (i, v) -> i.agent = v);
        text(b, CallStore.DIRECTION, i -> i.direction, (i, v) -> i.direction = v);
        text(b, CallStore.STATUS, i -> i.status, (i, v) -> i.status = v);
        text(b, CallStore.FROM, i -> i.from, (i, v) -> i.from = v);
        text(b, CallStore.TO, i -> i.to, (i, v) -> i.to = v);
        text(b, CallStore.PARTICIPANT_IDENTITY, i -> i.participantIdentity, (i, v) -> i.participantIdentity = v);
        text(b, CallStore.PARTICIPANT_NAME, i -> i.participantName, (i, v) -> i.participantName = v);
        text(b, CallStore.TRUNK, i -> i.trunk, (i, v) -> i.trunk = v);
        text(b, CallStore.SIP_CALL_ID, i -> i.sipCallId, (i, v) -> i.sipCallId = v);
        text(b, CallStore.SIP_STATUS, i -> i.sipStatus, (i, v) -> i.sipStatus = v);
        text(b, CallStore.ERROR_CODE, i -> i.errorCode, (i, v) -> i.errorCode = v);
        text(b, CallStore.ERROR_MESSAGE, i -> i.errorMessage, (i, v) -> i.errorMessage = v);
        text(b, CallStore.CALLBACK_URL, i -> i.callbackUrl, (i, v) -> i.callbackUrl = v);
        text(b, CallStore.DIAL_STARTED, i -> i.dialStartedAt, (i, v) -> i.dialStartedAt = v);
        text(b, CallStore.ANSWERED, i -> i.answeredAt, (i, v) -> i.answeredAt = v);
        text(b, CallStore.ENDED, i -> i.endedAt, (i, v) -> i.endedAt = v);
        text(b, CallStore.UPDATED, i -> i.updatedAt, (i, v) -> i.updatedAt = v);
        return b.build();
    }

    private static void text(StaticTableSchema.Builder<CallItem> b, String name, Function<CallItem, String> get,
                             BiConsumer<CallItem, String> set) {
        b.addAttribute(String.class, a -> a.name(name).getter(get).setter(set));
    }

    static CallItem of(CallRecord c) {
        CallItem i = new CallItem();
        i.callId = c.callId();
        i.owner = c.owner();
        i.agent = c.agentId();
        i.direction = c.direction().name();
        i.status = c.status().name();
        i.room = c.roomName();
        i.from = c.fromNumber();
        i.to = c.toNumber();
        i.participantIdentity = c.participantIdentity();
        i.participantName = c.participantName();
        i.trunk = c.trunkId();
        i.sipCallId = c.sipCallId();
        i.ringingTimeout = c.ringingTimeoutSeconds();
        i.sipStatusCode = c.sipStatusCode();
        i.sipStatus = c.sipStatus();
        i.errorCode = c.errorCode();
        i.errorMessage = c.errorMessage();
        i.callbackUrl = c.callbackUrl();
        i.createdAt = CallStore.ts(c.createdAt());
        i.dialStartedAt = c.dialStartedAt() == null ? null : CallStore.ts(c.dialStartedAt());
        i.answeredAt = c.answeredAt() == null ? null : CallStore.ts(c.answeredAt());
        i.endedAt = c.endedAt() == null ? null : CallStore.ts(c.endedAt());
        i.updatedAt = CallStore.ts(c.updatedAt());
        return i;
    }

    CallRecord record() {
        return new CallRecord(callId, owner, agent, CallDirection.valueOf(direction), CallStatus.valueOf(status), room,
                from, to, participantIdentity, participantName, trunk, sipCallId, ringingTimeout, sipStatusCode,
                sipStatus, errorCode, errorMessage, callbackUrl, instant(createdAt), instant(dialStartedAt),
                instant(answeredAt), instant(endedAt), instant(updatedAt));
    }

    private static Instant instant(String v) {
        return v == null ? null : Instant.parse(v);
    }
}
