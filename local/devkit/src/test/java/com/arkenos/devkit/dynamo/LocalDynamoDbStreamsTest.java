package com.arkenos.devkit.dynamo;

import com.arkenos.devkit.template.SamTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tables get the stream the template gives them, also when they were kept from before it had one. */
class LocalDynamoDbStreamsTest {
    private final SamTemplate template = SamTemplate.find();

    @Test
    void theTemplatesCallsTable_hasANewAndOldImagesStream_andNoOtherTableHasOne() {
        assertEquals("NEW_AND_OLD_IMAGES", template.streamViewType("CallsTable"));
        assertNull(template.streamViewType("NumbersTable"));
        List<SamTemplate.StreamSource> sources = template.streamSources();
        assertEquals(1, sources.size());
        assertEquals("CallbackFunction", sources.get(0).functionId());
        assertEquals("CallsTable", sources.get(0).table());
        assertEquals(1, sources.get(0).filterPatterns().size());
        try (LocalDynamoDb db = LocalDynamoDb.inMemory()) {
            db.createTables(template);
            var calls = db.client().describeTable(b -> b.tableName("CallsTable")).table();
            assertNotNull(calls.latestStreamArn());
            assertEquals("NEW_AND_OLD_IMAGES", calls.streamSpecification().streamViewTypeAsString());
            assertNull(db.client().describeTable(b -> b.tableName("NumbersTable")).table().latestStreamArn());
        }
    }

    @Test
    void aCallsTableKeptFromBeforeItHadAStream_getsOne() {
        try (LocalDynamoDb db = LocalDynamoDb.inMemory()) {
            db.client().createTable(b -> b.tableName("CallsTable").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("call_id").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("call_id").keyType(KeyType.HASH)));
            assertNull(db.client().describeTable(b -> b.tableName("CallsTable")).table().latestStreamArn());
            List<String> created = db.createTables(template);
            assertTrue(!created.contains("CallsTable"), created.toString());
            assertNotNull(db.client().describeTable(b -> b.tableName("CallsTable")).table().latestStreamArn());
        }
    }
}
