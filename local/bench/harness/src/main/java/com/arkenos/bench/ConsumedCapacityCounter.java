package com.arkenos.bench;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The DynamoDB request units the functions consume, which is what on-demand tables bill: every DynamoDB request the
 * functions make is sent asking for its {@code ConsumedCapacity} (the only change to their requests; DynamoDB
 * Local computes it from the item sizes, strongly consistent and transactional reads and transactional writes
 * included), and the answers' units are summed. A conditional write that fails answers with no capacity; it is
 * counted apart, and billed by the cost model as one write unit.
 */
public final class ConsumedCapacityCounter implements ExecutionInterceptor {
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
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        if (r instanceof GetItemRequest g) {
            return g.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof PutItemRequest p) {
            return p.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof UpdateItemRequest u) {
            return u.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof DeleteItemRequest d) {
            return d.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof QueryRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof ScanRequest s) {
            return s.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof BatchGetItemRequest b) {
            return b.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof BatchWriteItemRequest b) {
            return b.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof TransactGetItemsRequest t) {
            return t.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof TransactWriteItemsRequest t) {
            return t.toBuilder().returnConsumedCapacity(total).build();
        }
        return r;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!AwsCallCounter.counting()) {
            return;
        }
        SdkResponse r = context.response();
        if (r instanceof GetItemResponse g) {
            add(List.of(nullable(g.consumedCapacity())), false);
        } else if (r instanceof QueryResponse q) {
            add(List.of(nullable(q.consumedCapacity())), false);
        } else if (r instanceof ScanResponse s) {
            add(List.of(nullable(s.consumedCapacity())), false);
        } else if (r instanceof BatchGetItemResponse b) {
            add(b.consumedCapacity(), false);
        } else if (r instanceof TransactGetItemsResponse t) {
            add(t.consumedCapacity(), false);
        } else if (r instanceof PutItemResponse p) {
            add(List.of(nullable(p.consumedCapacity())), true);
        } else if (r instanceof UpdateItemResponse u) {
            add(List.of(nullable(u.consumedCapacity())), true);
        } else if (r instanceof DeleteItemResponse d) {
            add(List.of(nullable(d.consumedCapacity())), true);
        } else if (r instanceof BatchWriteItemResponse b) {
            add(b.consumedCapacity(), true);
        } else if (r instanceof TransactWriteItemsResponse t) {
            add(t.consumedCapacity(), true);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        if (AwsCallCounter.counting() && (r instanceof PutItemRequest || r instanceof UpdateItemRequest
                || r instanceof DeleteItemRequest || r instanceof TransactWriteItemsRequest)) {
            FAILED_WRITES.increment();
        }
    }

    private static ConsumedCapacity nullable(ConsumedCapacity c) {
        return c == null ? ConsumedCapacity.builder().build() : c;
    }

    /** The table's and its indexes' units; an answer that names no read or write split counts by operation. */
    private static void add(List<ConsumedCapacity> capacities, boolean write) {
        for (ConsumedCapacity c : capacities) {
            if (c.readCapacityUnits() != null || c.writeCapacityUnits() != null) {
                READ_UNITS.add(c.readCapacityUnits() == null ? 0 : c.readCapacityUnits());
                WRITE_UNITS.add(c.writeCapacityUnits() == null ? 0 : c.writeCapacityUnits());
            } else if (c.capacityUnits() != null) {
                (write ? WRITE_UNITS : READ_UNITS).add(c.capacityUnits());
            }
        }
    }
}
