package com.arkenos.localstack.dynamolocal;

import com.arkenos.localstack.contract.NumberRouteContract;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@link NumberRouteContract} on DynamoDB Local in this JVM: runs in every build, no Docker needed. */
class DynamoDbLocalNumberRouteTest extends NumberRouteContract {
    @Override
    protected DynamoDbClient dynamo() {
        return DynamoDbLocalTarget.client();
    }
}
