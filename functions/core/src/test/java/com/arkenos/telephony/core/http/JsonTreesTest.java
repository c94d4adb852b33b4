package com.arkenos.telephony.core.http;

import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JsonTrees reads and writes what the project's configured ObjectMapper reads and writes, without building one. */
class JsonTreesTest {
    /** Configured like {@code Json}'s shared mapper. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(1_000_000).maxNumberLength(100).build());
    }

    private static final List<String> SAMPLES = List.of(
            "{}", "[]", "null", "true", "\"text\"", "0", "-7", "2147483648", "-9223372036854775809",
            "123456789012345678901234567890", "1.5", "-0.0", "1e300", "3.141592653589793",
            "{\"a\":1,\"b\":[1,2.5,\"x\",null,true,false,{\"c\":{}}],\"d\":\"\\u00e9\\n\\\"q\\\"\",\"e\":[]}",
            "{\"version\":\"2.0\",\"headers\":{\"x-user-id\":\"u\"},\"queryStringParameters\":{\"q\":\"+1 510\"},"
                    + "\"body\":\"{\\\"name\\\":\\\"Front desk\\\"}\",\"isBase64Encoded\":false}",
            "  {\"spaced\" : [ 1 , 2 ] }  ");

    @Test
    void read_samples_equalTheMappersTrees() throws IOException {
        for (String s : SAMPLES) {
            JsonNode expected = MAPPER.readTree(s);
            JsonNode actual = JsonTrees.read(s.getBytes(StandardCharsets.UTF_8));
            assertEquals(expected, actual, s);
            assertEquals(expected.getClass(), actual.getClass(), s);
            assertEquals(expected, JsonTrees.read(s), s);
        }
    }

    @Test
    void write_samples_giveTheMappersBytes() throws IOException {
        for (String s : SAMPLES) {
            JsonNode tree = MAPPER.readTree(s);
            assertArrayEquals(MAPPER.writeValueAsBytes(tree), JsonTrees.writeBytes(tree), s);
            assertEquals(Json.write(tree), JsonTrees.write(tree), s);
        }
    }

    @Test
    void read_whatTheMapperRefuses_isRefused() {
        for (String bad : List.of("{\"a\":1,\"a\":2}", "{\"a\":1} x", "[1,]", "{", "nul", "{\"a\":1}{}",
                "[".repeat(65) + "]".repeat(65))) {
            assertThrows(JsonProcessingException.class, () -> MAPPER.readTree(bad), bad);
            assertThrows(JsonProcessingException.class, () -> JsonTrees.read(bad), bad);
        }
        String longNumber = "1".repeat(101);
        assertThrows(JsonProcessingException.class, () -> JsonTrees.read(longNumber));
    }

    @Test
    void read_emptyInput_isAMissingNode() throws IOException {
        assertEquals(MAPPER.readTree(new byte[0]), JsonTrees.read(new byte[0]));
        assertTrue(JsonTrees.read("").isMissingNode());
    }
}
