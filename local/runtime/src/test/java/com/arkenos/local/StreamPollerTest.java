package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local stand-in for Lambda's DynamoDB stream event source mapping, on a template of its own: what a function is
 * given (Lambda's record shape, DynamoDB JSON), in what order, what its FilterCriteria let through, and what a failing
 * batch gets (retries, bisection, then skipped without holding back later records).
 */
class StreamPollerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalRuntime runtime;
    private static DynamoDbClient db;

    @BeforeAll
    static void start() {
        SamTemplate template = SamTemplate.load(Path.of("src/test/resources/streams/template.yaml"));
        runtime = LocalRuntime.create(template, new LocalRuntime.Options(0, "127.0.0.1", true, null));
        db = runtime.dynamo().client();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @BeforeEach
    void forget() throws Exception {
        assertTrue(runtime.awaitStreams(Duration.ofSeconds(10)));
        StreamRecorder.ACCEPTED.clear();
        StreamRecorder.FAILED_BATCH_SIZES.clear();
    }

    private static void put(String id, String kind, Map<String, AttributeValue> more) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(more);
        item.put("id", AttributeValue.fromS(id));
        item.put("kind", AttributeValue.fromS(kind));
        db.putItem(b -> b.tableName("ThingsTable").item(item));
    }

    private static List<String> accepted() {
        return StreamRecorder.ACCEPTED.stream()
                .map(r -> r.get("eventName").asText() + " " + r.at("/dynamodb/Keys/id/S").asText()).toList();
    }

    @Test
    void insertsModifiesAndRemoves_arriveInOrder_asLambdaShapesThem_andTheFilterDropsTheRest() throws Exception {
        put("a", "keep", Map.of("n", AttributeValue.fromN("42"), "flag", AttributeValue.fromBool(true),
                "tags", AttributeValue.fromSs(List.of("x", "y")),
                "nested", AttributeValue.fromM(Map.of("list", AttributeValue.fromL(List.of(AttributeValue.fromN("1"),
                        AttributeValue.fromNul(true)))))));
        put("b", "other", Map.of());
        put("a", "keep", Map.of("n", AttributeValue.fromN("43")));
        db.deleteItem(b -> b.tableName("ThingsTable").key(Map.of("id", AttributeValue.fromS("a"))));
        assertTrue(runtime.awaitStreams(Duration.ofSeconds(10)));

        assertEquals(List.of("INSERT a", "MODIFY a", "REMOVE a"), accepted(), "b matches no filter");
        JsonNode insert = StreamRecorder.ACCEPTED.get(0);
        assertEquals("aws:dynamodb", insert.get("eventSource").asText());
        assertEquals("1.1", insert.get("eventVersion").asText());
        assertTrue(insert.get("eventSourceARN").asText().contains("ThingsTable"), insert.toString());
        JsonNode image = insert.at("/dynamodb/NewImage");
        assertEquals("42", image.at("/n/N").asText());
        assertTrue(image.at("/flag/BOOL").asBoolean());
        assertEquals(2, image.at("/tags/SS").size());
        assertEquals("1", image.at("/nested/M/list/L/0/N").asText());
        assertTrue(image.at("/nested/M/list/L/1/NULL").asBoolean());
        assertTrue(insert.at("/dynamodb/OldImage").isMissingNode());
        assertEquals("NEW_AND_OLD_IMAGES", insert.at("/dynamodb/StreamViewType").asText());
        JsonNode modify = StreamRecorder.ACCEPTED.get(1);
        assertEquals("42", modify.at("/dynamodb/OldImage/n/N").asText());
        assertEquals("43", modify.at("/dynamodb/NewImage/n/N").asText());
        assertTrue(StreamRecorder.ACCEPTED.get(2).at("/dynamodb/NewImage").isMissingNode());
    }

    @Test
    void aFailingBatch_isRetriedAndBisected_thenItsPoisonRecordIsSkipped_andLaterRecordsStillArrive() throws Exception {
        put("p1", "keep", Map.of());
        put("p2", "poison", Map.of());
        put("p3", "keep", Map.of());
        assertTrue(runtime.awaitStreams(Duration.ofSeconds(20)));
        put("p4", "keep", Map.of());
        assertTrue(runtime.awaitStreams(Duration.ofSeconds(10)));

        List<String> ids = accepted();
        assertTrue(ids.containsAll(List.of("INSERT p1", "INSERT p3", "INSERT p4")), ids.toString());
        assertFalse(ids.contains("INSERT p2"), ids.toString());
        assertEquals("INSERT p4", ids.get(ids.size() - 1), "order is kept: " + ids);
        assertTrue(StreamRecorder.FAILED_BATCH_SIZES.size() >= 2, "retried: " + StreamRecorder.FAILED_BATCH_SIZES);
        assertTrue(StreamRecorder.FAILED_BATCH_SIZES.size() <= 1 + 2 * 2,
                "bounded: " + StreamRecorder.FAILED_BATCH_SIZES);
    }

    @Test
    void patterns_matchLikeLambdaEventFiltering() throws Exception {
        JsonNode record = JSON.readTree("{\"eventName\":\"MODIFY\","
                + "\"dynamodb\":{\"NewImage\":{\"callback_url\":{\"S\":\"https://x\"},"
                + "\"n\":{\"N\":\"5\"}}}}");
        assertTrue(StreamPoller.matches(JSON.readTree("{\"eventName\":[\"MODIFY\",\"INSERT\"]}"), record));
        assertFalse(StreamPoller.matches(JSON.readTree("{\"eventName\":[\"REMOVE\"]}"), record));
        assertTrue(StreamPoller.matches(JSON.readTree(
                "{\"dynamodb\":{\"NewImage\":{\"callback_url\":{\"S\":[{\"exists\":true}]}}}}"), record));
        assertFalse(StreamPoller.matches(JSON.readTree(
                "{\"dynamodb\":{\"NewImage\":{\"other\":{\"S\":[{\"exists\":true}]}}}}"), record));
        assertTrue(StreamPoller.matches(JSON.readTree(
                "{\"dynamodb\":{\"NewImage\":{\"other\":{\"S\":[{\"exists\":false}]}}}}"), record));
        assertTrue(StreamPoller.matches(JSON.readTree(
                "{\"dynamodb\":{\"NewImage\":{\"n\":{\"N\":[\"5\"]}}}}"), record));
        assertFalse(StreamPoller.matches(JSON.readTree(
                "{\"dynamodb\":{\"OldImage\":{\"n\":{\"N\":[\"5\"]}}}}"), record));
    }
}
