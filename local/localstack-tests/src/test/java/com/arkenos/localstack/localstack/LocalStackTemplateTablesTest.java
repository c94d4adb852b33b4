package com.arkenos.localstack.localstack;

import com.arkenos.localstack.contract.TemplateTablesContract;
import com.arkenos.localstack.docker.RequiresDocker;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link TemplateTablesContract} on LocalStack's DynamoDB, tables created from template.yaml. Runs with -Plocalstack;
 * skipped where no Docker engine is reachable.
 */
@RequiresDocker
class LocalStackTemplateTablesTest extends TemplateTablesContract {
    @Override
    protected DynamoDbClient dynamo() {
        return SharedLocalStack.dynamo();
    }
}
