package com.arkenos.localstack.dynamolocal;

import com.arkenos.localstack.contract.AgentStoreContract;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@link AgentStoreContract} on DynamoDB Local in this JVM: runs in every build, no Docker needed. */
class DynamoDbLocalAgentStoreTest extends AgentStoreContract {
    @Override
    protected DynamoDbClient dynamo() {
        return DynamoDbLocalTarget.client();
    }
}
