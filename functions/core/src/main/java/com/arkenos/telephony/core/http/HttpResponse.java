package com.arkenos.telephony.core.http;

import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: becomes an API Gateway HTTP API (payload 2.0) response. */
public record HttpResponse(int status, Map<String, String> headers, String body) {

    public static HttpResponse json(int status, Object body) {
        return new HttpResponse(status, Map.of("content-type", "application/json"),
                body instanceof JsonNode node ? JsonTrees.write(node) : Json.write(body));
    }

    public static HttpResponse ok(Object body) {
        return json(200, body);
    }

    public static HttpResponse created(Object body) {
        return json(201, body);
    }

    public static HttpResponse accepted(Object body) {
        return json(202, body);
    }

    public static HttpResponse noContent() {
        return new HttpResponse(204, Map.of(), "");
    }

    /**
     * {@code {"error": {"code", "message"}, "detail": message}}: {@code error} is this API's shape; {@code detail}
     * repeats the sentence where the Arkenos dashboard (written against FastAPI) reads it.
     */
    public static HttpResponse error(int status, String code, String message) {
        ObjectNode root = JsonTrees.object();
        root.putObject("error").put("code", code).put("message", message);
        root.put("detail", message);
        return json(status, root);
    }

    public static HttpResponse error(ApiError e) {
        return error(e.status(), e.code(), e.getMessage());
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpResponse(status, Map.copyOf(h), body);
    }

    /** The payload 2.0 response document Lambda returns to API Gateway. */
    public ObjectNode toEvent() {
        ObjectNode out = JsonTrees.object();
        out.put("statusCode", status);
        ObjectNode h = out.putObject("headers");
        headers.forEach(h::put);
        out.put("body", body);
        out.put("isBase64Encoded", false);
        return out;
    }
}
