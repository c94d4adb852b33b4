package com.arkenos.telephony.provisioning;

import com.arkenos.telephony.core.store.Enhanced;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverterProvider;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.document.EnhancedDocument;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

/**
 * The shared SIP infrastructure the platform created, one item per resource (Twilio trunk, LiveKit inbound trunk,
 * dispatch rule, credential list, outbound trunk), so that nothing provisioning creates lives only in memory.
 * Creating a shared resource happens under a short lease, so two executions never create it twice.
 *
 * <p>Through the Enhanced Client. A resource's record holds whatever string attributes its step recorded (a SID, an
 * id, an address), so it is mapped as a document ({@link #RECORD}, a static document schema: the key and string
 * attributes, nothing introspected); a lease is a typed item ({@link Lease}).
 */
public final class InfraStore {
    public static final String KEY = "resource_id";
    private static final String LEASE_SUFFIX = "#lease";
    private static final String RECORDED_AT = "recorded_at";
    /** When the resource was last seen as recorded at its provider: when it was made, or by the sweep's check. */
    public static final String VERIFIED_AT = "verified_at";

    /** A resource's record: its key and the string attributes recorded for it. */
    private static final TableSchema<EnhancedDocument> RECORD = TableSchema.documentSchemaBuilder()
            .addIndexPartitionKey(TableMetadata.primaryIndexName(), KEY, AttributeValueType.S)
            .attributeConverterProviders(AttributeConverterProvider.defaultProvider())
            .build();

    /** The lease on creating a resource: who holds it, until when (epoch seconds). */
    static final class Lease {
        String key;
        String holder;
        Long until;

        static final TableSchema<Lease> SCHEMA = StaticTableSchema.builder(Lease.class).newItemSupplier(Lease::new)
                .addAttribute(String.class, a -> a.name(KEY).getter(i -> i.key).setter((i, v) -> i.key = v)
                        .tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name("holder").getter(i -> i.holder).setter((i, v) -> i.holder = v))
                .addAttribute(Long.class, a -> a.name("lease_until").getter(i -> i.until).setter((i, v) -> i.until = v))
                .build();
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoDbTable<EnhancedDocument> records;
    private final DynamoDbTable<Lease> leases;
    private final DynamoDbEnhancedClient enhanced;

    public InfraStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.enhanced = Enhanced.client(dynamo);
        this.records = enhanced.table(table, RECORD);
        this.leases = enhanced.table(table, Lease.SCHEMA);
    }

    /** The same table through another client (SnapStart priming points a copy at a stand-in). */
    public InfraStore on(DynamoDbClient other) {
        return new InfraStore(other, table);
    }

    /** The recorded attributes of {@code resource} (strings only), or empty when it was never recorded. */
    public Optional<Map<String, String>> get(String resource) {
        EnhancedDocument item = records.getItem(GetItemEnhancedRequest.builder().key(Enhanced.key(resource))
                .consistentRead(true).build());
        return item == null ? Optional.empty() : Optional.of(strings(item));
    }

    private static Map<String, String> strings(EnhancedDocument item) {
        Map<String, String> out = new LinkedHashMap<>();
        item.toMap().forEach((k, v) -> {
            if (v.s() != null && !k.equals(KEY) && !k.equals(RECORDED_AT)) {
                out.put(k, v.s());
            }
        });
        return out;
    }

    /**
     * The records of {@code resources} (those that exist), read consistently in one request. A key DynamoDB leaves
     * unprocessed is left out, as if not recorded: callers treat a missing record as "not known to be there".
     */
    public Map<String, Map<String, String>> getAll(List<String> resources) {
        ReadBatch.Builder<EnhancedDocument> batch =
                ReadBatch.builder(EnhancedDocument.class).mappedTableResource(records);
        resources.forEach(r -> batch.addGetItem(GetItemEnhancedRequest.builder().key(Enhanced.key(r))
                .consistentRead(true).build()));
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        enhanced.batchGetItem(b -> b.readBatches(batch.build())).resultsForTable(records)
                .forEach(item -> out.put(item.getString(KEY), strings(item)));
        return out;
    }

    /** Merges {@code attributes} into the record of {@code resource}: only these attributes are set. */
    public void record(String resource, Map<String, String> attributes) {
        EnhancedDocument.Builder doc = EnhancedDocument.builder()
                .attributeConverterProviders(AttributeConverterProvider.defaultProvider())
                .putString(KEY, resource).putString(RECORDED_AT, Instant.now().toString());
        attributes.forEach((k, v) -> {
            if (!k.equals(RECORDED_AT) && !k.equals(KEY)) {
                doc.putString(k, v);
            }
        });
        records.updateItem(UpdateItemEnhancedRequest.builder(EnhancedDocument.class).item(doc.build())
                .ignoreNulls(true).returnValues(ReturnValue.NONE).build());
    }

    /** Removes {@code attribute} from the record of {@code resource}, keeping the rest. */
    public void unrecord(String resource, String attribute) {
        // The Enhanced Client's update sets the attributes it is given; removing one is a plain REMOVE.
        dynamo.updateItem(r -> r.tableName(table).key(Map.of(KEY, AttributeValue.fromS(resource)))
                .updateExpression("REMOVE #a").expressionAttributeNames(Map.of("#a", attribute)));
    }

    public void forget(String resource) {
        records.deleteItem(DeleteItemEnhancedRequest.builder().key(Enhanced.key(resource)).build());
    }

    /**
     * Takes the lease on {@code resource} for {@code seconds}; false when another holder has it. An expired lease
     * (its holder died mid-creation) can be taken over: creation is find-or-create, so the new holder adopts
     * whatever the dead one created.
     */
    public boolean tryLease(String resource, String holder, int seconds) {
        long now = Instant.now().getEpochSecond();
        Lease lease = new Lease();
        lease.key = resource + LEASE_SUFFIX;
        lease.holder = holder;
        lease.until = now + seconds;
        try {
            leases.putItem(PutItemEnhancedRequest.builder(Lease.class).item(lease)
                    .conditionExpression(Enhanced.expression("attribute_not_exists(#k) OR #until < :now OR #h = :h",
                            Map.of("#k", KEY, "#until", "lease_until", "#h", "holder"),
                            Map.of(":now", AttributeValue.fromN(Long.toString(now)),
                                    ":h", AttributeValue.fromS(holder))))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** What taking a lease in one transaction with a condition on another item came to. */
    public enum Taken { TAKEN, HELD, FENCED }

    /**
     * Takes the lease as {@link #tryLease(String, String, int)} does, in one transaction with {@code fence} (a
     * condition on another item, checked in the same request): FENCED when the fence failed, HELD when another holder
     * has the lease or a concurrent transaction was on it.
     */
    public Taken tryLease(String resource, String holder, int seconds, TransactWriteItem fence) {
        // Low-level: the Enhanced Client's transactions cannot carry the other table's condition check as built.
        long now = Instant.now().getEpochSecond();
        Lease lease = new Lease();
        lease.key = resource + LEASE_SUFFIX;
        lease.holder = holder;
        lease.until = now + seconds;
        Put put = Put.builder().tableName(table).item(Lease.SCHEMA.itemToMap(lease, true))
                .conditionExpression("attribute_not_exists(#k) OR #until < :now OR #h = :h")
                .expressionAttributeNames(Map.of("#k", KEY, "#until", "lease_until", "#h", "holder"))
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)),
                        ":h", AttributeValue.fromS(holder)))
                .build();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(fence, TransactWriteItem.builder().put(put).build()));
            return Taken.TAKEN;
        } catch (TransactionCanceledException e) {
            return failed(e, 0) ? Taken.FENCED : Taken.HELD;
        }
    }

    /**
     * Gives the lease back in one transaction with {@code done} (a conditional write to another item); when one of
     * the two conditions fails, the other is written alone. Answers whether {@code done} was written.
     */
    public boolean releaseLease(String resource, String holder, TransactWriteItem done) {
        TransactWriteItem give = TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(Map.of(KEY, AttributeValue.fromS(resource + LEASE_SUFFIX)))
                .conditionExpression("#h = :h").expressionAttributeNames(Map.of("#h", "holder"))
                .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(holder))).build()).build();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(give, done));
            return true;
        } catch (TransactionCanceledException e) {
            if (!failed(e, 0)) {
                releaseLease(resource, holder); // still ours (a transaction met this one, or done failed): given back
            }
            if (failed(e, 1)) {
                return false;
            }
            // The lease expired and another holder has it (theirs to give back), or a transaction met this one.
            try {
                dynamo.transactWriteItems(b -> b.transactItems(done));
                return true;
            } catch (TransactionCanceledException again) {
                if (failed(again, 0)) {
                    return false;
                }
                throw again;
            }
        }
    }

    /** Whether the transaction's item {@code index} was refused by its condition. */
    private static boolean failed(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    public void releaseLease(String resource, String holder) {
        try {
            leases.deleteItem(DeleteItemEnhancedRequest.builder().key(Enhanced.key(resource + LEASE_SUFFIX))
                    .conditionExpression(Enhanced.expression("#h = :h", Map.of("#h", "holder"),
                            Map.of(":h", AttributeValue.fromS(holder))))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            // the lease expired and someone else holds it now: theirs to release
        }
    }
}
