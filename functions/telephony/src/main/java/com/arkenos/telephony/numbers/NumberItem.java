package com.arkenos.telephony.numbers;

import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

/**
 * A number as the numbers table holds it, attribute for attribute (times as {@link Instant#toString()}, the last
 * error as JSON text, each step a map that leaves out what it does not know), with its hand-written schema. The
 * lookup function and {@code core/numbers/NumberAttributes} read the same items.
 */
final class NumberItem {
    String phone;
    String owner;
    String agent;
    String sid;
    String status;
    String source;
    String operation;
    Integer attempt;
    String execution;
    String executionArn;
    Map<String, StepItem> steps;
    String lastError;
    String createdAt;
    String updatedAt;
    Long version;

    /** One step's state inside {@code steps}; absent fields are left out of the map, never written as NULL. */
    static final class StepItem {
        String state;
        String at;
        String resourceId;
        String errorCode;
        String errorMessage;
        String provider;

        static final TableSchema<StepItem> SCHEMA = StaticTableSchema.builder(StepItem.class)
                .newItemSupplier(StepItem::new)
                .addAttribute(String.class, a -> a.name("state").getter(i -> i.state).setter((i, v) -> i.state = v))
                .addAttribute(String.class, a -> a.name("at").getter(i -> i.at).setter((i, v) -> i.at = v))
                .addAttribute(String.class, a -> a.name("resource_id").getter(i -> i.resourceId)
                        .setter((i, v) -> i.resourceId = v))
                .addAttribute(String.class, a -> a.name("error_code").getter(i -> i.errorCode)
                        .setter((i, v) -> i.errorCode = v))
                .addAttribute(String.class, a -> a.name("error_message").getter(i -> i.errorMessage)
                        .setter((i, v) -> i.errorMessage = v))
                .addAttribute(String.class, a -> a.name("provider").getter(i -> i.provider)
                        .setter((i, v) -> i.provider = v))
                .build();

        static StepItem of(NumberRecord.StepState s) {
            StepItem i = new StepItem();
            i.state = s.state();
            i.at = s.at() == null ? null : s.at().toString();
            i.resourceId = s.resourceId();
            i.errorCode = s.errorCode();
            i.errorMessage = s.errorMessage();
            i.provider = s.provider();
            return i;
        }

        NumberRecord.StepState state() {
            return new NumberRecord.StepState(state, at == null ? null : Instant.parse(at), resourceId, errorCode,
                    errorMessage, provider);
        }
    }

    private static final EnhancedType<Map<String, StepItem>> STEPS = EnhancedType.mapOf(EnhancedType.of(String.class),
            EnhancedType.documentOf(StepItem.class, StepItem.SCHEMA, d -> d.ignoreNulls(true)));

    static final TableSchema<NumberItem> SCHEMA = StaticTableSchema.builder(NumberItem.class)
            .newItemSupplier(NumberItem::new)
            .addAttribute(String.class, a -> a.name(NumberStore.PHONE).getter(i -> i.phone)
                    .setter((i, v) -> i.phone = v)
                    .tags(primaryPartitionKey(), secondarySortKey(NumberStore.BY_OWNER),
                            secondarySortKey(NumberStore.BY_STATUS)))
            .addAttribute(String.class, a -> a.name(NumberStore.OWNER).getter(i -> i.owner)
                    .setter((i, v) -> i.owner = v)
                    .tags(secondaryPartitionKey(NumberStore.BY_OWNER)))
            .addAttribute(String.class, a -> a.name(NumberStore.AGENT).getter(i -> i.agent)
                    .setter((i, v) -> i.agent = v))
            .addAttribute(String.class, a -> a.name(NumberStore.SID).getter(i -> i.sid).setter((i, v) -> i.sid = v))
            .addAttribute(String.class, a -> a.name(NumberStore.STATUS).getter(i -> i.status)
                    .setter((i, v) -> i.status = v).tags(secondaryPartitionKey(NumberStore.BY_STATUS)))
            .addAttribute(String.class, a -> a.name(NumberStore.SOURCE).getter(i -> i.source)
                    .setter((i, v) -> i.source = v))
            .addAttribute(String.class, a -> a.name(NumberStore.OPERATION).getter(i -> i.operation)
                    .setter((i, v) -> i.operation = v))
            .addAttribute(Integer.class, a -> a.name(NumberStore.ATTEMPT).getter(i -> i.attempt)
                    .setter((i, v) -> i.attempt = v))
            .addAttribute(String.class, a -> a.name(NumberStore.EXECUTION).getter(i -> i.execution)
                    .setter((i, v) -> i.execution = v))
            .addAttribute(String.class, a -> a.name(NumberStore.EXECUTION_ARN).getter(i -> i.executionArn)
                    .setter((i, v) -> i.executionArn = v))
            .addAttribute(STEPS, a -> a.name(NumberStore.STEPS).getter(i -> i.steps).setter((i, v) -> i.steps = v))
            .addAttribute(String.class, a -> a.name(NumberStore.LAST_ERROR).getter(i -> i.lastError)
                    .setter((i, v) -> i.lastError = v))
            .addAttribute(String.class, a -> a.name(NumberStore.CREATED).getter(i -> i.createdAt)
                    .setter((i, v) -> i.createdAt = v))
            .addAttribute(String.class, a -> a.name(NumberStore.UPDATED).getter(i -> i.updatedAt)
                    .setter((i, v) -> i.updatedAt = v))
            .addAttribute(Long.class, a -> a.name(NumberStore.VERSION).getter(i -> i.version)
                    .setter((i, v) -> i.version = v))
            .build();

    static NumberItem of(NumberRecord r) {
        NumberItem i = new NumberItem();
        i.phone = r.phoneNumber();
        i.owner = r.owner();
        i.agent = r.agentId();
        i.sid = r.twilioSid();
        i.status = r.status().name();
        i.source = r.source();
        i.operation = r.operation();
        i.attempt = r.attempt();
        i.execution = r.execution();
        i.executionArn = r.executionArn();
        i.steps = new LinkedHashMap<>();
        r.steps().forEach((k, v) -> i.steps.put(k, StepItem.of(v)));
        i.lastError = r.lastError() == null ? null : r.lastError().toString();
        i.createdAt = r.createdAt().toString();
        i.updatedAt = r.updatedAt().toString();
        i.version = r.version();
        return i;
    }

    NumberRecord record() {
        Map<String, NumberRecord.StepState> states = new LinkedHashMap<>();
        if (steps != null) {
            steps.forEach((k, v) -> states.put(k, v.state()));
        }
        return new NumberRecord(phone, owner, agent, sid, NumberStatus.valueOf(status), source, operation,
                attempt == null ? 0 : attempt, execution, executionArn, states, lastError(),
                Instant.parse(createdAt), Instant.parse(updatedAt), version);
    }

    /** The last error as it was recorded; text that is not a JSON object reads as none. */
    private ObjectNode lastError() {
        if (lastError == null) {
            return null;
        }
        try {
            JsonNode n = Json.parse(lastError);
            return n instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }
}
