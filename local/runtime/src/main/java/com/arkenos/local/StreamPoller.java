package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.telephony.core.aws.DynamoJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda's DynamoDB stream event source mappings for the local stack: for each function event of {@code Type:
 * DynamoDB}, a thread reads the table's stream on DynamoDB Local (from the newest record when the stack starts, like
 * {@code StartingPosition: LATEST}), drops the records its FilterCriteria do not match, and invokes the function with
 * Lambda's event document in batches of at most BatchSize, in order per shard. A failing batch is retried up to
 * MaximumRetryAttempts times (split in halves first with BisectBatchOnFunctionError), then skipped and logged, as
 * Lambda does without an on-failure destination.
 */
final class StreamPoller implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long IDLE_PAUSE_MS = 100;
    private static final long SHARD_REFRESH_MS = 2000;

    private final DynamoDbStreamsClient streams;
    private final List<Mapping> mappings = new ArrayList<>();

    StreamPoller(SamTemplate template, DynamoDbClient dynamo, String endpoint, FunctionHost host) {
        this.streams = DynamoDbStreamsClient.builder().endpointOverride(URI.create(endpoint))
                .region(Region.of(FunctionHost.REGION)).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
        for (SamTemplate.StreamSource source : template.streamSources()) {
            String arn = dynamo.describeTable(b -> b.tableName(source.table())).table().latestStreamArn();
            if (arn == null) {
                throw new IllegalStateException(source.functionId() + "." + source.eventName() + ": table "
                        + source.table() + " has no stream (StreamSpecification)");
            }
            mappings.add(new Mapping(source, arn, host));
        }
        mappings.forEach(Mapping::positionAtLatest);
        mappings.forEach(m -> m.thread.start());
    }

    List<SamTemplate.StreamSource> sources() {
        return mappings.stream().map(m -> m.source).toList();
    }

    /**
     * Waits until every record written before this call has been delivered (or dropped by a filter, or skipped after
     * its retries): each mapping has read all its shards empty, with no batch in hand, since the call began.
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long since = System.nanoTime();
        long deadline = since + timeout.toNanos();
        for (Mapping m : mappings) {
            while (m.lastIdle - since < 0) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(10);
            }
        }
        return true;
    }

    /** Records handed to the functions (after filtering), over all mappings. */
    long delivered() {
        return mappings.stream().mapToLong(m -> m.delivered).sum();
    }

    @Override
    public void close() {
        mappings.forEach(m -> m.running = false);
        for (Mapping m : mappings) {
            m.thread.interrupt();
            try {
                m.thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        streams.close();
    }

    private final class Mapping implements Runnable {
        final SamTemplate.StreamSource source;
        final String streamArn;
        final FunctionHost host;
        final List<JsonNode> filters = new ArrayList<>();
        /** Open shard id -> iterator for its next records. */
        final Map<String, String> iterators = new LinkedHashMap<>();
        final Thread thread;
        volatile boolean running = true;
        volatile long lastIdle = System.nanoTime() - Duration.ofDays(1).toNanos();
        volatile long delivered;
        long lastRefresh;

        Mapping(SamTemplate.StreamSource source, String streamArn, FunctionHost host) {
            this.source = source;
            this.streamArn = streamArn;
            this.host = host;
            for (String pattern : source.filterPatterns()) {
                try {
                    filters.add(JSON.readTree(pattern));
                } catch (IOException e) {
                    throw new IllegalStateException(source.functionId() + ": FilterCriteria pattern is not JSON: "
                            + pattern, e);
                }
            }
            this.thread = new Thread(this, "stream-" + source.functionId() + "-" + source.eventName());
            this.thread.setDaemon(true);
        }

        /** Sequence number of the last record read per shard, to resume after DynamoDB Local trims an iterator. */
        final Map<String, String> lastSequence = new java.util.HashMap<>();
        /** Every shard seen, open or closed: only a shard that appears later is read from its start. */
        final java.util.Set<String> known = new java.util.HashSet<>();

        /**
         * Every shard open now starts after its newest record (StartingPosition LATEST). DynamoDB Local answers a
         * LATEST iterator on a shard with TrimmedDataAccessException once records arrive, so the shard is read from
         * its start here and what it already holds is passed over.
         */
        void positionAtLatest() {
            boolean latest = !"TRIM_HORIZON".equals(source.startingPosition());
            for (Shard shard : shards()) {
                known.add(shard.shardId());
                if (shard.sequenceNumberRange().endingSequenceNumber() != null) {
                    continue;
                }
                String it = iterator(shard.shardId(), ShardIteratorType.TRIM_HORIZON, null);
                while (latest && it != null) {
                    String from = it;
                    var page = streams.getRecords(b -> b.shardIterator(from).limit(1000));
                    page.records().forEach(r -> lastSequence.put(shard.shardId(), r.dynamodb().sequenceNumber()));
                    it = page.nextShardIterator();
                    if (page.records().isEmpty()) {
                        break;
                    }
                }
                if (it != null) {
                    iterators.put(shard.shardId(), it);
                }
            }
            lastRefresh = System.nanoTime();
        }

        /** An iterator after the last record read from {@code shardId}, or at its start if none was. */
        private String resume(String shardId) {
            String after = lastSequence.get(shardId);
            return after == null ? iterator(shardId, ShardIteratorType.TRIM_HORIZON, null)
                    : iterator(shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, after);
        }

        private List<Shard> shards() {
            return streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards();
        }

        private String iterator(String shardId, ShardIteratorType type, String sequence) {
            return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId).shardIteratorType(type)
                    .sequenceNumber(sequence)).shardIterator();
        }

        @Override
        public void run() {
            while (running) {
                try {
                    long started = System.nanoTime();
                    if (System.nanoTime() - lastRefresh > SHARD_REFRESH_MS * 1_000_000) {
                        // A shard that appeared since (a rollover) is read from its start.
                        for (Shard shard : shards()) {
                            if (known.add(shard.shardId())) {
                                iterators.put(shard.shardId(),
                                        iterator(shard.shardId(), ShardIteratorType.TRIM_HORIZON, null));
                            }
                        }
                        lastRefresh = System.nanoTime();
                    }
                    boolean any = false;
                    for (Iterator<Map.Entry<String, String>> it = iterators.entrySet().iterator(); it.hasNext(); ) {
                        Map.Entry<String, String> shard = it.next();
                        software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse page;
                        try {
                            page = streams.getRecords(b -> b.shardIterator(shard.getValue())
                                    .limit(Math.max(1, Math.min(source.batchSize(), 1000))));
                        } catch (software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException
                                 | software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException e) {
                            shard.setValue(resume(shard.getKey()));
                            any = true;
                            continue;
                        }
                        if (!page.records().isEmpty()) {
                            lastSequence.put(shard.getKey(),
                                    page.records().get(page.records().size() - 1).dynamodb().sequenceNumber());
                        }
                        if (page.nextShardIterator() == null) {
                            it.remove();
                        } else {
                            shard.setValue(page.nextShardIterator());
                        }
                        if (!page.records().isEmpty()) {
                            any = true;
                            deliver(page.records());
                        }
                    }
                    if (!any) {
                        lastIdle = started;
                        Thread.sleep(IDLE_PAUSE_MS);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    System.err.println("stream " + source.functionId() + ": " + e);
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }

        private void deliver(List<Record> records) {
            List<JsonNode> batch = new ArrayList<>();
            for (Record r : records) {
                ObjectNode event = lambdaRecord(r, streamArn);
                if (matches(event)) {
                    batch.add(event);
                }
            }
            if (!batch.isEmpty()) {
                invoke(batch, source.maximumRetryAttempts() < 0 ? Integer.MAX_VALUE : source.maximumRetryAttempts());
            }
        }

        /** Invokes the function with {@code batch}; on failure retries, bisecting first when configured. */
        private void invoke(List<JsonNode> batch, int retriesLeft) {
            ObjectNode event = JSON.createObjectNode();
            ArrayNode list = event.putArray("Records");
            batch.forEach(list::add);
            try {
                host.invoke(source.functionId(), JSON.writeValueAsBytes(event));
                delivered += batch.size();
                return;
            } catch (Exception e) {
                if (retriesLeft <= 0 || !running) {
                    System.err.println("stream " + source.functionId() + ": batch of " + batch.size()
                            + " skipped after its retries: " + e);
                    return;
                }
                if (source.bisectBatchOnFunctionError() && batch.size() > 1) {
                    int half = batch.size() / 2;
                    invoke(batch.subList(0, half), retriesLeft - 1);
                    invoke(batch.subList(half, batch.size()), retriesLeft - 1);
                    return;
                }
            }
            invoke(batch, retriesLeft - 1);
        }

        private boolean matches(JsonNode record) {
            if (filters.isEmpty()) {
                return true;
            }
            for (JsonNode f : filters) {
                if (StreamPoller.matches(f, record)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Lambda's event filtering for the patterns used here: every key of the pattern must match; an object recurses;
     * an array lists acceptable values, where {@code {"exists": true|false}} tests presence and other values equality.
     */
    static boolean matches(JsonNode pattern, JsonNode value) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            JsonNode v = value == null ? null : value.get(p.getKey());
            if (p.getValue().isObject()) {
                // A missing value is matched as missing all the way down (so {"exists": false} holds there).
                if ((v != null && !v.isObject()) || !matches(p.getValue(), v)) {
                    return false;
                }
            } else if (p.getValue().isArray()) {
                boolean any = false;
                for (JsonNode option : p.getValue()) {
                    if (option.isObject() && option.has("exists")) {
                        any |= option.get("exists").asBoolean() == (v != null && !v.isNull());
                    } else {
                        any |= v != null && (v.equals(option) || (v.isValueNode() && option.isValueNode()
                                && v.asText().equals(option.asText()) && v.isNumber() == option.isNumber()));
                    }
                }
                if (!any) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return true;
    }

    /** One stream record as Lambda's DynamoDB event gives it. */
    static ObjectNode lambdaRecord(Record r, String streamArn) {
        ObjectNode o = JSON.createObjectNode();
        o.put("eventID", r.eventID());
        o.put("eventName", r.eventNameAsString());
        o.put("eventVersion", r.eventVersion() == null ? "1.1" : r.eventVersion());
        o.put("eventSource", "aws:dynamodb");
        o.put("awsRegion", r.awsRegion() == null ? FunctionHost.REGION : r.awsRegion());
        StreamRecord d = r.dynamodb();
        ObjectNode db = o.putObject("dynamodb");
        if (d.approximateCreationDateTime() != null) {
            db.put("ApproximateCreationDateTime", d.approximateCreationDateTime().getEpochSecond());
        }
        if (d.hasKeys()) {
            db.set("Keys", DynamoJson.item(d.keys()));
        }
        if (d.hasNewImage()) {
            db.set("NewImage", DynamoJson.item(d.newImage()));
        }
        if (d.hasOldImage()) {
            db.set("OldImage", DynamoJson.item(d.oldImage()));
        }
        db.put("SequenceNumber", d.sequenceNumber());
        if (d.sizeBytes() != null) {
            db.put("SizeBytes", d.sizeBytes());
        }
        db.put("StreamViewType", d.streamViewTypeAsString());
        o.put("eventSourceARN", streamArn);
        return o;
    }
}
