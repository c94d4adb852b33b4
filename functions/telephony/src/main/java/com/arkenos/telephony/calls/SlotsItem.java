package com.arkenos.telephony.calls;

import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

import java.util.Set;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

/**
 * The item of {@link LiveCallSlots}: key {@code live-calls#<owner>}, the live calls' ids as a string set, and the
 * {@code live_holder} marker that puts it on the sweeper's index.
 */
final class SlotsItem {
    String key;
    Set<String> members;
    String updatedAt;
    String holder;

    static final TableSchema<SlotsItem> SCHEMA = StaticTableSchema.builder(SlotsItem.class)
            .newItemSupplier(SlotsItem::new)
            .addAttribute(String.class, a -> a.name(CallStore.CALL_ID).getter(i -> i.key).setter((i, v) -> i.key = v)
                    .tags(primaryPartitionKey(), secondarySortKey(LiveCallSlots.HOLDERS)))
            .addAttribute(EnhancedType.setOf(String.class), a -> a.name(LiveCallSlots.MEMBERS).getter(i -> i.members)
                    .setter((i, v) -> i.members = v))
            .addAttribute(String.class, a -> a.name(CallStore.UPDATED).getter(i -> i.updatedAt)
                    .setter((i, v) -> i.updatedAt = v))
            .addAttribute(String.class, a -> a.name(LiveCallSlots.HOLDER).getter(i -> i.holder)
                    .setter((i, v) -> i.holder = v).tags(secondaryPartitionKey(LiveCallSlots.HOLDERS)))
            .build();
}
