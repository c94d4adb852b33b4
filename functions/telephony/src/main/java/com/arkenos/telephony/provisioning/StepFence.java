package com.arkenos.telephony.provisioning;

import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A step's hold on its number while it changes a shared trunk under the trunk's lease: {@code check} (the number is
 * still this execution's, in the step's status) is tested in the request that takes the lease, and {@code done} (the
 * step's record, given the resource it touched) is written in the request that gives the lease back. So a step that
 * changes a trunk costs two requests, and one that no longer owns its number changes nothing.
 *
 * @param superseded what is thrown when the number is no longer the step's
 */
public record StepFence(TransactWriteItem check, Function<String, TransactWriteItem> done,
                        Supplier<RuntimeException> superseded) {
}
