package com.arkenos.localstack.localstack;

import com.arkenos.localstack.contract.NumberStoreContract;
import com.arkenos.localstack.docker.RequiresDocker;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link NumberStoreContract} on LocalStack's DynamoDB, tables created from template.yaml. Runs with -Plocalstack;
 * skipped where no Docker engine is reachable.
 */
@RequiresDocker
class LocalStackNumberStoreTest extends NumberStoreContract {
    @Override
    protected DynamoDbClient dynamo() {
        return SharedLocalStack.dynamo();
    }
}
