package com.arkenos.telephony.core.store;

import com.arkenos.telephony.core.http.JsonTrees;
import com.arkenos.telephony.core.errors.InvalidInputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Paging cursors: DynamoDB's LastEvaluatedKey as URL-safe base64 JSON of string attributes. The owner is never
 * taken from a cursor: the caller's identity is put back into the key, so a cursor cannot open another owner's
 * partition.
 */
public final class Cursors {
    private Cursors() {
    }

    public static String encode(Map<String, AttributeValue> lastKey, Set<String> keep) {
        if (lastKey == null || lastKey.isEmpty()) {
            return null;
        }
        ObjectNode o = JsonTrees.object();
        lastKey.forEach((k, v) -> {
            if (keep.contains(k) && v.s() != null) {
                o.put(k, v.s());
            }
        });
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(JsonTrees.write(o).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The exclusive start key for {@code cursor}, holding exactly {@code fields} (all strings, each at most 200
     * chars).
     */
    public static Map<String, AttributeValue> decode(String cursor, Set<String> fields) {
        InvalidInputException bad = new InvalidInputException("invalid_cursor", "cursor is not one this API returned");
        if (cursor.length() > 1024) {
            throw bad;
        }
        try {
            JsonNode node = JsonTrees.read(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (!node.isObject() || node.size() != fields.size()) {
                throw bad;
            }
            Map<String, AttributeValue> key = new HashMap<>();
            for (String f : fields) {
                JsonNode v = node.get(f);
                if (v == null || !v.isTextual() || v.asText().isEmpty() || v.asText().length() > 200) {
                    throw bad;
                }
                key.put(f, AttributeValue.fromS(v.asText()));
            }
            return key;
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw bad;
        }
    }

    /** The page size from a {@code limit} query parameter. */
    public static int limit(String raw, int fallback, int max) {
        if (raw == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new InvalidInputException("invalid_limit", "limit must be an integer from 1 to " + max);
    }
}
