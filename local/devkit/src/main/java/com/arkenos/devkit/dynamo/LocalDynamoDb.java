package com.arkenos.devkit.dynamo;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.arkenos.devkit.template.SamTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * DynamoDB Local running inside this JVM on a loopback port, with the template's tables. The functions talk to it
 * over HTTP through the normal SDK client, exactly as they talk to DynamoDB in AWS.
 */
public final class LocalDynamoDb implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final String endpoint;
    private final DynamoDbClient client;

    private LocalDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = "http://127.0.0.1:" + port;
        this.client = DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Starts in memory on a free port. */
    public static LocalDynamoDb inMemory() {
        return start(null, 0);
    }

    /**
     * @param dataDir where the data is kept across restarts, or null for in-memory
     * @param port    0 for any free port
     */
    public static LocalDynamoDb start(Path dataDir, int port) {
        int p = port == 0 ? freePort() : port;
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(p)));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create " + dataDir, e);
            }
            args.addAll(List.of("-dbPath", dataDir.toAbsolutePath().toString()));
        }
        args.add("-disableTelemetry");
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
            return new LocalDynamoDb(server, p);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + p + ": " + e.getMessage(), e);
        }
    }

    public String endpoint() {
        return endpoint;
    }

    public DynamoDbClient client() {
        return client;
    }

    /** Creates the template's tables that do not exist yet; returns the names it created. */
    public List<String> createTables(SamTemplate template) {
        return createTables(client, template);
    }

    /**
     * Creates the template's tables that do not exist yet on any DynamoDB endpoint (DynamoDB Local, LocalStack, a
     * test account), named by their logical ids, with the template's keys, global indexes and TTL; returns the names
     * it created. It returns once every new table is ACTIVE (DynamoDB Local creates them ACTIVE, so there is no
     * wait there; DynamoDB and LocalStack may report CREATING first).
     */
    /** A table kept from before the template gave it an index gets the index (DynamoDB backfills it). */
    private static void addMissingIndexes(DynamoDbClient client, SamTemplate.TableDef t) {
        List<String> present = new ArrayList<>();
        var table = client.describeTable(b -> b.tableName(t.logicalId())).table();
        if (table.hasGlobalSecondaryIndexes()) {
            table.globalSecondaryIndexes().forEach(i -> present.add(i.indexName()));
        }
        for (SamTemplate.Index i : t.globalIndexes()) {
            if (present.contains(i.name())) {
                continue;
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            List<KeySchemaElement> keys = keySchema(i.hash(), i.range(), attrs);
            client.updateTable(b -> b.tableName(t.logicalId())
                    .attributeDefinitions(attrs.entrySet().stream().map(e -> AttributeDefinition.builder()
                            .attributeName(e.getKey()).attributeType(e.getValue()).build()).toList())
                    .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(i.name()).keySchema(keys)
                            .projection(Projection.builder().projectionType(ProjectionType.fromValue(i.projection()))
                                    .build()))));
            awaitIndex(client, t.logicalId(), i.name());
        }
    }

    /** DynamoDB builds one new index of a table at a time: the next may only be asked for once this one is ACTIVE. */
    private static void awaitIndex(DynamoDbClient client, String table, String index) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            boolean active = client.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes().stream()
                    .anyMatch(g -> g.indexName().equals(index) && "ACTIVE".equals(g.indexStatusAsString()));
            if (active) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("index " + index + " of " + table + " did not become ACTIVE within 60 s");
    }

    public static List<String> createTables(DynamoDbClient client, SamTemplate template) {
        List<String> existing = new ArrayList<>();
        client.listTablesPaginator().tableNames().forEach(existing::add);
        List<String> created = new ArrayList<>();
        for (SamTemplate.TableDef t : template.tables()) {
            String streamView = template.streamViewType(t.logicalId());
            if (existing.contains(t.logicalId())) {
                if (streamView != null && client.describeTable(b -> b.tableName(t.logicalId())).table()
                        .latestStreamArn() == null) {
                    // A table kept from before the template gave it a stream.
                    client.updateTable(b -> b.tableName(t.logicalId()).streamSpecification(s -> s.streamEnabled(true)
                            .streamViewType(streamView)));
                }
                addMissingIndexes(client, t);
                continue;
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            List<KeySchemaElement> keys = keySchema(t.hash(), t.range(), attrs);
            CreateTableRequest.Builder req = CreateTableRequest.builder().tableName(t.logicalId())
                    .billingMode(BillingMode.PAY_PER_REQUEST).keySchema(keys);
            List<GlobalSecondaryIndex> gsis = new ArrayList<>();
            for (SamTemplate.Index i : t.globalIndexes()) {
                gsis.add(GlobalSecondaryIndex.builder().indexName(i.name())
                        .keySchema(keySchema(i.hash(), i.range(), attrs))
                        .projection(Projection.builder()
                                .projectionType(ProjectionType.fromValue(i.projection())).build())
                        .build());
            }
            if (!gsis.isEmpty()) {
                req.globalSecondaryIndexes(gsis);
            }
            if (streamView != null) {
                req.streamSpecification(b -> b.streamEnabled(true).streamViewType(streamView));
            }
            req.attributeDefinitions(attrs.entrySet().stream().map(e -> AttributeDefinition.builder()
                    .attributeName(e.getKey()).attributeType(e.getValue()).build()).toList());
            client.createTable(req.build());
            created.add(t.logicalId());
        }
        // Tables are usable (and accept UpdateTimeToLive) only once ACTIVE; all were created first so that their
        // creation overlaps where it takes time.
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client).build()) {
            created.forEach(name -> waiter.waitUntilTableExists(b -> b.tableName(name)));
        }
        for (SamTemplate.TableDef t : template.tables()) {
            if (created.contains(t.logicalId()) && t.ttlAttribute() != null) {
                client.updateTimeToLive(b -> b.tableName(t.logicalId()).timeToLiveSpecification(
                        TimeToLiveSpecification.builder().attributeName(t.ttlAttribute()).enabled(true).build()));
            }
        }
        return created;
    }

    /** Every item of every table, sorted, for before/after comparisons in tests. */
    public Map<String, List<String>> snapshot() {
        Map<String, List<String>> out = new TreeMap<>();
        for (String table : client.listTables().tableNames()) {
            List<String> items = new ArrayList<>();
            client.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build())
                    .items().forEach(i -> items.add(new TreeMap<>(i).toString()));
            items.sort(null);
            out.put(table, items);
        }
        return out;
    }

    /** Deletes every item of every table (tests reuse one server). */
    public void clear() {
        for (String table : client.listTables().tableNames()) {
            List<KeySchemaElement> keys = client.describeTable(b -> b.tableName(table)).table().keySchema();
            List<WriteRequest> batch = new ArrayList<>();
            for (Map<String, AttributeValue> item : client.scanPaginator(b -> b.tableName(table)).items()) {
                Map<String, AttributeValue> key = new LinkedHashMap<>();
                keys.forEach(k -> key.put(k.attributeName(), item.get(k.attributeName())));
                batch.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build());
                if (batch.size() == 25) {
                    flush(table, batch);
                }
            }
            flush(table, batch);
        }
    }

    private void flush(String table, List<WriteRequest> batch) {
        if (!batch.isEmpty()) {
            client.batchWriteItem(b -> b.requestItems(Map.of(table, List.copyOf(batch))));
            batch.clear();
        }
    }

    private static List<KeySchemaElement> keySchema(SamTemplate.KeyAttr hash, SamTemplate.KeyAttr range,
                                                    Map<String, String> attrs) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(hash.name()).keyType(KeyType.HASH).build());
        attrs.put(hash.name(), hash.type());
        if (range != null) {
            keys.add(KeySchemaElement.builder().attributeName(range.name()).keyType(KeyType.RANGE).build());
            attrs.put(range.name(), range.type());
        }
        return keys;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    @Override
    public void close() {
        client.close();
        try {
            server.stop();
        } catch (Exception e) {
            // shutting down: nothing left to do with the error
        }
    }
}
