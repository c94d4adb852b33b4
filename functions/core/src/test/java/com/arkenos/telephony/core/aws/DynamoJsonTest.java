package com.arkenos.telephony.core.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamoJsonTest {
    @Test
    void everyAttributeType_roundTrips_inDynamoDbsJsonForm() throws Exception {
        Map<String, AttributeValue> item = Map.of(
                "s", AttributeValue.fromS("text"), "n", AttributeValue.fromN("12.5"),
                "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})),
                "bool", AttributeValue.fromBool(false), "null", AttributeValue.fromNul(true),
                "ss", AttributeValue.fromSs(List.of("a", "b")), "ns", AttributeValue.fromNs(List.of("1", "2")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {9}))),
                "m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromL(List.of(AttributeValue.fromN("1"),
                        AttributeValue.fromS("x"))))));
        JsonNode json = DynamoJson.item(item);
        assertEquals("12.5", json.at("/n/N").asText());
        assertEquals("AQID", json.at("/b/B").asText());
        assertTrue(json.at("/null/NULL").asBoolean());
        assertEquals("x", json.at("/m/M/inner/L/1/S").asText());
        JsonNode reparsed = new ObjectMapper().readTree(json.toString());
        assertEquals(item, DynamoJson.item(reparsed));
    }

    @Test
    void anAbsentImage_isAnEmptyItem_andAnUnknownTypeIsRefused() throws Exception {
        assertEquals(Map.of(), DynamoJson.item(new ObjectMapper().readTree("{}").path("NewImage")));
        assertThrows(IllegalArgumentException.class,
                () -> DynamoJson.value(new ObjectMapper().readTree("{\"X\":1}")));
    }
}
