package com.arkenos.localstack.localstack;

import com.arkenos.localstack.contract.NumberRouteContract;
import com.arkenos.localstack.docker.RequiresDocker;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link NumberRouteContract} on LocalStack's DynamoDB. Runs with -Plocalstack; skipped where no Docker is
 * reachable.
 */
@RequiresDocker
class LocalStackNumberRouteTest extends NumberRouteContract {
    @Override
    protected DynamoDbClient dynamo() {
        return SharedLocalStack.dynamo();
    }
}
