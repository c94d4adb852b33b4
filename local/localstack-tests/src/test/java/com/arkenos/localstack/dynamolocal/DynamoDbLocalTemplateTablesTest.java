package com.arkenos.localstack.dynamolocal;

import com.arkenos.localstack.contract.TemplateTablesContract;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@link TemplateTablesContract} on DynamoDB Local in this JVM: runs in every build, no Docker needed. */
class DynamoDbLocalTemplateTablesTest extends TemplateTablesContract {
    @Override
    protected DynamoDbClient dynamo() {
        return DynamoDbLocalTarget.client();
    }
}
