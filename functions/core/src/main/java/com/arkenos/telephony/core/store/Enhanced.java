package com.arkenos.telephony.core.store;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/**
 * What the stores share on the DynamoDB Enhanced Client. Their tables are mapped with static schemas (built once,
 * by hand: no bean introspection, no annotations), and the client runs without extensions: every version check
 * and condition is written by the store itself, as a condition expression, so a request says all it does.
 */
public final class Enhanced {
    private Enhanced() {
    }

    /** An Enhanced Client on {@code dynamo} with no extensions (the default ones would add nothing here). */
    public static DynamoDbEnhancedClient client(DynamoDbClient dynamo) {
        return DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).extensions(List.of()).build();
    }

    public static Key key(String partition) {
        return Key.builder().partitionValue(partition).build();
    }

    public static Key key(String partition, String sort) {
        return Key.builder().partitionValue(partition).sortValue(sort).build();
    }

    /** A condition (or filter) expression with its placeholders; either map may be empty. */
    public static Expression expression(String expression, Map<String, String> names,
                                        Map<String, AttributeValue> values) {
        return Expression.builder().expression(expression)
                .expressionNames(names.isEmpty() ? null : names)
                .expressionValues(values.isEmpty() ? null : values).build();
    }

    public static Expression expression(String expression, Map<String, String> names) {
        return expression(expression, names, Map.of());
    }
}
