package com.arkenos.telephony.calls;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

/** The item of an {@link OutboundCallKeys} binding: key {@code call-key#<owner>#<key>}. */
final class KeyItem {
    String key;
    String callId;
    String fingerprint;
    Long expiresAt;

    static final TableSchema<KeyItem> SCHEMA = StaticTableSchema.builder(KeyItem.class)
            .newItemSupplier(KeyItem::new)
            .addAttribute(String.class, a -> a.name(CallStore.CALL_ID).getter(i -> i.key).setter((i, v) -> i.key = v)
                    .tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(OutboundCallKeys.CALL).getter(i -> i.callId)
                    .setter((i, v) -> i.callId = v))
            .addAttribute(String.class, a -> a.name(OutboundCallKeys.FINGERPRINT).getter(i -> i.fingerprint)
                    .setter((i, v) -> i.fingerprint = v))
            .addAttribute(Long.class, a -> a.name(OutboundCallKeys.EXPIRES).getter(i -> i.expiresAt)
                    .setter((i, v) -> i.expiresAt = v))
            .build();
}
