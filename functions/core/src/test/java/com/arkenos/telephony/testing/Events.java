package com.arkenos.telephony.testing;

import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** Builds API Gateway HTTP API payload 2.0 events for handler tests. */
public final class Events {
    private Events() {
    }

    public static ObjectNode http(String method, String path, Map<String, String> headers, String body) {
        ObjectNode e = Json.object();
        e.put("version", "2.0");
        e.put("routeKey", "$default");
        int q = path.indexOf('?');
        e.put("rawPath", q < 0 ? path : path.substring(0, q));
        e.put("rawQueryString", q < 0 ? "" : path.substring(q + 1));
        if (q >= 0) {
            ObjectNode qs = e.putObject("queryStringParameters");
            for (String pair : path.substring(q + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                qs.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                        kv.length > 1
                                ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8)
                                : "");
            }
        }
        ObjectNode h = e.putObject("headers");
        headers.forEach((k, v) -> h.put(k.toLowerCase(), v));
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("requestId", java.util.UUID.randomUUID().toString());
        ctx.putObject("http").put("method", method).put("path", e.get("rawPath").asText()).put("sourceIp", "127.0.0.1");
        if (body != null) {
            e.put("body", body);
        }
        e.put("isBase64Encoded", false);
        return e;
    }

    public static ObjectNode asUser(String user, String method, String path, String body) {
        return http(method, path, body == null ? Map.of("x-user-id", user)
                : Map.of("x-user-id", user, "content-type", "application/json"), body);
    }
}
