package com.arkenos.local;

import com.arkenos.devkit.openapi.OpenApiDocument;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an answer of the local stack against {@code docs/openapi.yaml}: the operation is found as API Gateway finds
 * a route (most literal segments win), the status must be one the operation lists (or its {@code default}), and a
 * JSON body must validate against that response's schema (JSON Schema 2020-12, OpenAPI 3.1's dialect, with the
 * networknt validator). An answer for a path the document does not have must be the error shape. Every request the
 * end-to-end tests send through {@link Http} is checked, so the document cannot drift from what the stack answers.
 */
final class OpenApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiDocument DOCUMENT = OpenApiDocument.find();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
    private static final List<Operation> OPERATIONS = DOCUMENT.routeKeys().stream().map(Operation::of).toList();
    /** The local stack's own routes (its document, its metrics), not API routes. */
    private static final Set<String> LOCAL_ONLY = Set.of("/openapi.json", LocalMetrics.PATH);

    private record Operation(String routeKey, String method, String[] segments, int literals) {
        static Operation of(String routeKey) {
            int space = routeKey.indexOf(' ');
            String[] segs = routeKey.substring(space + 2).split("/");
            int literals = (int) java.util.Arrays.stream(segs).filter(s -> !s.startsWith("{")).count();
            return new Operation(routeKey, routeKey.substring(0, space), segs, literals);
        }

        boolean matches(String method, String[] actual) {
            if (!this.method.equals(method) || segments.length != actual.length) {
                return false;
            }
            for (int i = 0; i < actual.length; i++) {
                boolean variable = segments[i].startsWith("{");
                if (variable ? actual[i].isEmpty() : !segments[i].equals(actual[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private OpenApiContract() {
    }

    /**
     * Throws an AssertionError naming the operation, the status and what does not match. A null {@code body} means
     * the client did not keep it (a redirect it followed): status and content type are still checked.
     */
    static void check(String method, String pathAndQuery, int status, String contentType, String body) {
        String path = pathAndQuery.split("\\?", 2)[0];
        if (LOCAL_ONLY.contains(path) || method.equals("OPTIONS")) {
            return;
        }
        String[] actual = path.length() > 1 ? path.substring(1).split("/", -1) : new String[0];
        Operation op = OPERATIONS.stream().filter(o -> o.matches(method, actual))
                .max(java.util.Comparator.comparingInt(Operation::literals)).orElse(null);
        String where = method + " " + pathAndQuery + " -> " + status;
        JsonNode response;
        String key;
        if (op == null) {
            if (status < 300) {
                throw new AssertionError(
                        "the stack answered " + where + " but docs/openapi.yaml has no such operation");
            }
            key = "Error";
            response = DOCUMENT.json().at("/components/responses/Error");
        } else {
            JsonNode responses = DOCUMENT.operation(op.routeKey()).path("responses");
            response = responses.has(Integer.toString(status))
                    ? responses.get(Integer.toString(status))
                    : responses.get("default");
            if (response == null || (status < 300 && !responses.has(Integer.toString(status)))) {
                throw new AssertionError(where + ": status not listed for " + op.routeKey() + " in docs/openapi.yaml");
            }
            key = op.routeKey() + " " + status;
            response = resolve(response);
        }
        JsonNode media = response.path("content").path("application/json");
        if (media.isMissingNode()) {
            if (body != null && !body.isEmpty()) {
                throw new AssertionError(where + ": the document gives no body, the stack sent " + body);
            }
            return;
        }
        if (contentType == null || !contentType.startsWith("application/json")) {
            throw new AssertionError(where + ": content type " + contentType + ", the document says application/json");
        }
        if (body == null) {
            return;
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(where + ": body is not JSON: " + body);
        }
        JsonSchema schema = SCHEMAS.computeIfAbsent(key, k -> compile(media.get("schema")));
        Set<ValidationMessage> problems = schema.validate(answer);
        if (!problems.isEmpty()) {
            throw new AssertionError(where + " does not match docs/openapi.yaml (" + key + "): " + problems
                    + "\nbody: " + body);
        }
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? DOCUMENT.json().at(node.get("$ref").asText().substring(1)) : node;
    }

    /**
     * The response's schema with the document's components beside it, so its {@code #/components/...} references
     * resolve inside this one JSON document.
     */
    private static JsonSchema compile(JsonNode schema) {
        ObjectNode wrapper = JSON.createObjectNode();
        wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        wrapper.set("allOf", JSON.createArrayNode().add(schema));
        wrapper.set("components", DOCUMENT.json().get("components"));
        return FACTORY.getSchema(wrapper);
    }
}
