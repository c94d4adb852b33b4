package com.arkenos.localstack.localstack;

import com.arkenos.localstack.contract.AgentStoreContract;
import com.arkenos.localstack.docker.RequiresDocker;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link AgentStoreContract} on LocalStack's DynamoDB, tables created from template.yaml. Runs with -Plocalstack;
 * skipped where no Docker engine is reachable.
 */
@RequiresDocker
class LocalStackAgentStoreTest extends AgentStoreContract {
    @Override
    protected DynamoDbClient dynamo() {
        return SharedLocalStack.dynamo();
    }
}
