package com.arkenos.telephony.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/** A request's JSON object with the checks every endpoint repeats: known fields only, types, lengths. */
public final class JsonBody {
    private final ObjectNode node;

    public JsonBody(ObjectNode node) {
        this.node = node;
    }

    public ObjectNode node() {
        return node;
    }

    public boolean has(String field) {
        return node.has(field);
    }

    /** Refuses fields the endpoint does not know, so that a typo is not silently ignored. */
    public JsonBody allowOnly(Set<String> fields) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw ApiError.badRequest("unknown_field", "unknown field '" + Text.printable(f, 40)
                        + "'; allowed: " + String.join(", ", new java.util.TreeSet<>(fields)));
            }
        }
        return this;
    }

    public String requiredString(String field, int maxLength) {
        return optionalString(field, maxLength).orElseThrow(() ->
                ApiError.badRequest("missing_field", "'" + field + "' is required"));
    }

    /** A single-line string: no control or invisible format characters, trimmed, not blank to the eye. */
    public Optional<String> optionalString(String field, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw ApiError.badRequest("invalid_type", "'" + field + "' must be a string");
        }
        String s = v.asText().strip();
        if (s.isEmpty()) {
            throw ApiError.badRequest("invalid_" + field, "'" + field + "' must not be blank");
        }
        if (s.length() > maxLength) {
            throw ApiError.badRequest("invalid_" + field,
                    "'" + field + "' is longer than " + maxLength + " characters");
        }
        if (Text.hasControlCharacters(s, false)) {
            throw ApiError.badRequest("invalid_" + field, "'" + field + "' contains control or invisible characters");
        }
        if (Text.visiblyBlank(s)) {
            throw ApiError.badRequest("invalid_" + field, "'" + field + "' must not be blank (it holds only"
                    + " invisible characters)");
        }
        return Optional.of(s);
    }

    /** A string that must be one of {@code allowed}, exactly as written. */
    public Optional<String> optionalOneOf(String field, Set<String> allowed) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || !allowed.contains(v.asText())) {
            throw ApiError.badRequest("invalid_" + field, "'" + field + "' must be one of "
                    + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        return Optional.of(v.asText());
    }

    public Optional<Boolean> optionalBoolean(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw ApiError.badRequest("invalid_type", "'" + field + "' must be true or false");
        }
        return Optional.of(v.booleanValue());
    }

    public Optional<Long> optionalLong(String field, long min, long max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw ApiError.badRequest("invalid_" + field,
                    "'" + field + "' must be an integer from " + min + " to " + max);
        }
        return Optional.of(v.longValue());
    }

    public Optional<ObjectNode> optionalObject(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!(v instanceof ObjectNode o)) {
            throw ApiError.badRequest("invalid_type", "'" + field + "' must be a JSON object");
        }
        return Optional.of(o);
    }
}
