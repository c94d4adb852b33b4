package com.arkenos.bench;

import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The DynamoDB request units the functions consume, which is what on-demand tables bill: every DynamoDB request the
 * functions make is sent asking for its {@code ConsumedCapacity} (the only change to their requests; DynamoDB
 * Local computes it from the item sizes, strongly consistent and transactional reads and transactional writes
 * included), and the answers' units are summed. A conditional write that fails answers with no capacity; it is
 * counted apart, and billed by the cost model as one write unit.
 *
 * <p>Every DynamoDB operation that can report capacity has a {@code ReturnConsumedCapacity} member in its request
 * and a {@code ConsumedCapacity} member (one, or a list) in its answer; they are reached through the SDK's own field
 * model, so no operation is listed here but the writes.
 */
public final class ConsumedCapacityCounter implements ExecutionInterceptor {
    private static final String ASK = "ReturnConsumedCapacity";
    private static final String ANSWER = "ConsumedCapacity";
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems");
    /** The writes that can fail on their condition (a batch write has none). */
    private static final Set<String> CONDITIONAL_WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem",
            "TransactWriteItems");
    private static final DoubleAdder READ_UNITS = new DoubleAdder();
    private static final DoubleAdder WRITE_UNITS = new DoubleAdder();
    private static final LongAdder FAILED_WRITES = new LongAdder();

    /** What was consumed since the last {@link #reset}. */
    record Units(double read, double write, long failedWrites) {}

    static void reset() {
        READ_UNITS.reset();
        WRITE_UNITS.reset();
        FAILED_WRITES.reset();
    }

    static Units units() {
        return new Units(READ_UNITS.sum(), WRITE_UNITS.sum(), FAILED_WRITES.sum());
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        if (!dynamo(attributes)) {
            return r;
        }
        for (SdkField<?> field : r.sdkFields()) {
            if (field.memberName().equals(ASK)) {
                SdkRequest.Builder b = r.toBuilder();
                field.set(b, ReturnConsumedCapacity.TOTAL.toString());
                return b.build();
            }
        }
        return r;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!AwsCallCounter.counting() || !dynamo(attributes)) {
            return;
        }
        Object answer = context.response().getValueForField(ANSWER, Object.class).orElse(null);
        List<?> capacities = answer instanceof List<?> l ? l : answer == null ? List.of() : List.of(answer);
        boolean write = WRITES.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        for (Object c : capacities) {
            add((ConsumedCapacity) c, write);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (AwsCallCounter.counting() && dynamo(attributes)
                && CONDITIONAL_WRITES.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            FAILED_WRITES.increment();
        }
    }

    /** DynamoDB's own API (its stream reads, another service, report no capacity). */
    private static boolean dynamo(ExecutionAttributes attributes) {
        return "DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
    }

    /** The table's and its indexes' units; an answer that names no read or write split counts by operation. */
    private static void add(ConsumedCapacity c, boolean write) {
        if (c.readCapacityUnits() != null || c.writeCapacityUnits() != null) {
            READ_UNITS.add(c.readCapacityUnits() == null ? 0 : c.readCapacityUnits());
            WRITE_UNITS.add(c.writeCapacityUnits() == null ? 0 : c.writeCapacityUnits());
        } else if (c.capacityUnits() != null) {
            (write ? WRITE_UNITS : READ_UNITS).add(c.capacityUnits());
        }
    }
}
