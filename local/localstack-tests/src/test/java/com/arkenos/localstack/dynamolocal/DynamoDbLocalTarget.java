package com.arkenos.localstack.dynamolocal;

import com.arkenos.devkit.dynamo.LocalDynamoDb;
import com.arkenos.devkit.template.SamTemplate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One in-memory DynamoDB Local per test JVM with template.yaml's tables, shared by the contract classes that run on
 * it (the contracts use fresh owners and numbers, so they never need it emptied).
 */
final class DynamoDbLocalTarget {
    private static LocalDynamoDb dynamo;

    private DynamoDbLocalTarget() {
    }

    static synchronized DynamoDbClient client() {
        if (dynamo == null) {
            LocalDynamoDb started = LocalDynamoDb.inMemory();
            started.createTables(SamTemplate.find());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "dynamodb-local-stop"));
            dynamo = started;
        }
        return dynamo.client();
    }
}
