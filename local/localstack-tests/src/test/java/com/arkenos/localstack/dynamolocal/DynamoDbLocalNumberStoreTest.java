package com.arkenos.localstack.dynamolocal;

import com.arkenos.localstack.contract.NumberStoreContract;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@link NumberStoreContract} on DynamoDB Local in this JVM: runs in every build, no Docker needed. */
class DynamoDbLocalNumberStoreTest extends NumberStoreContract {
    @Override
    protected DynamoDbClient dynamo() {
        return DynamoDbLocalTarget.client();
    }
}
