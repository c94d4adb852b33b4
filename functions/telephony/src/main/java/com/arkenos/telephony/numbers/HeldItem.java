package com.arkenos.telephony.numbers;

import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

import java.util.Set;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

/** The item of {@link HeldNumbers}: key {@code numbers-held#<owner>}, the numbers as a string set. */
final class HeldItem {
    String key;
    Set<String> members;
    String seededAt;
    String updatedAt;

    static final TableSchema<HeldItem> SCHEMA = StaticTableSchema.builder(HeldItem.class)
            .newItemSupplier(HeldItem::new)
            .addAttribute(String.class, a -> a.name(NumberStore.PHONE).getter(i -> i.key).setter((i, v) -> i.key = v)
                    .tags(primaryPartitionKey()))
            .addAttribute(EnhancedType.setOf(String.class), a -> a.name(HeldNumbers.MEMBERS).getter(i -> i.members)
                    .setter((i, v) -> i.members = v))
            .addAttribute(String.class, a -> a.name(HeldNumbers.SEEDED).getter(i -> i.seededAt)
                    .setter((i, v) -> i.seededAt = v))
            .addAttribute(String.class, a -> a.name(NumberStore.UPDATED).getter(i -> i.updatedAt)
                    .setter((i, v) -> i.updatedAt = v))
            .build();
}
