package com.arkenos.localstack.contract;

import com.arkenos.devkit.template.SamTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tables the contracts run on are the ones template.yaml declares, as the target reports them back: keys,
 * global indexes with their projection, and TTL. This is what makes a store contract that passes here say
 * something about the deployed tables.
 */
public abstract class TemplateTablesContract {
    protected abstract DynamoDbClient dynamo();

    @Test
    void everyTemplateTable_existsActive_withTheTemplatesKeysIndexesAndTtl() {
        SamTemplate template = SamTemplate.find();
        assertFalse(template.tables().isEmpty(), "template.yaml declares tables");

        for (SamTemplate.TableDef def : template.tables()) {
            TableDescription table = dynamo().describeTable(b -> b.tableName(def.logicalId())).table();
            assertEquals(TableStatus.ACTIVE, table.tableStatus(), def.logicalId());
            assertEquals(keys(def.hash(), def.range()), keys(table.keySchema()), def.logicalId() + " key schema");

            Map<String, String> types = table.attributeDefinitions().stream()
                    .collect(Collectors.toMap(a -> a.attributeName(), a -> a.attributeTypeAsString()));
            assertEquals(def.hash().type(), types.get(def.hash().name()), def.logicalId() + " hash key type");

            Map<String, String> expectedIndexes = new LinkedHashMap<>();
            def.globalIndexes().forEach(i -> expectedIndexes.put(i.name(),
                    keys(i.hash(), i.range()) + " " + i.projection()));
            Map<String, String> actualIndexes = new LinkedHashMap<>();
            for (GlobalSecondaryIndexDescription i : table.globalSecondaryIndexes()) {
                actualIndexes.put(i.indexName(), keys(i.keySchema()) + " " + i.projection().projectionTypeAsString());
            }
            assertEquals(expectedIndexes, actualIndexes, def.logicalId() + " global secondary indexes");

            var ttl = dynamo().describeTimeToLive(b -> b.tableName(def.logicalId())).timeToLiveDescription();
            if (def.ttlAttribute() != null) {
                assertNotNull(ttl, def.logicalId() + " TTL");
                // DynamoDB reports ENABLING for up to an hour after the update; either means it was asked for.
                assertTrue(ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                        || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING, def.logicalId() + " TTL status "
                        + ttl.timeToLiveStatus());
                assertEquals(def.ttlAttribute(), ttl.attributeName(), def.logicalId() + " TTL attribute");
            } else if (ttl != null && ttl.timeToLiveStatus() != null) {
                assertEquals(TimeToLiveStatus.DISABLED, ttl.timeToLiveStatus(), def.logicalId() + " has no TTL");
            }
        }
    }

    private static String keys(SamTemplate.KeyAttr hash, SamTemplate.KeyAttr range) {
        return hash.name() + "/HASH" + (range == null ? "" : " " + range.name() + "/RANGE");
    }

    private static String keys(List<KeySchemaElement> schema) {
        StringBuilder b = new StringBuilder();
        schema.stream().filter(k -> k.keyType() == KeyType.HASH)
                .forEach(k -> b.append(k.attributeName()).append("/HASH"));
        schema.stream().filter(k -> k.keyType() == KeyType.RANGE)
                .forEach(k -> b.append(' ').append(k.attributeName()).append("/RANGE"));
        return b.toString();
    }
}
