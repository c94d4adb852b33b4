package com.arkenos.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A small HTTP client for tests that talk to the local stack as the dashboard does. Every answer is checked against
 * the API's OpenAPI document ({@link OpenApiContract}).
 */
public final class Http {
    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String errorCode() {
            return json().at("/error/code").asText();
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Follows redirects as fetch does: 307 and 308 keep the method and the body. */
    private static final HttpClient FOLLOWING = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final String base;
    private final HttpClient client;

    public Http(String base) {
        this(base, CLIENT);
    }

    private Http(String base, HttpClient client) {
        this.base = base;
        this.client = client;
    }

    /** A client that follows redirects like the browser's and Next.js's fetch (the Arkenos dashboard's). */
    public static Http followingRedirects(String base) {
        return new Http(base, FOLLOWING);
    }

    public String base() {
        return base;
    }

    public Response send(String method, String path, String user, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header("x-user-id", user);
        }
        if (body != null && headers.keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
            b.header("content-type", "application/json");
        }
        headers.forEach(b::header);
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
        // Every hop is checked; a redirect the client followed kept no body.
        for (HttpResponse<String> hop = r; hop != null; hop = hop.previousResponse().orElse(null)) {
            String hopPath = hop.uri().getRawPath()
                    + (hop.uri().getRawQuery() == null ? "" : "?" + hop.uri().getRawQuery());
            OpenApiContract.check(method, hopPath, hop.statusCode(),
                    hop.headers().firstValue("content-type").orElse(null), hop == r ? hop.body() : null);
        }
        return new Response(r.statusCode(), r.body(), r.headers().map());
    }

    public Response get(String path, String user) {
        return send("GET", path, user, null, Map.of());
    }

    public Response post(String path, String user, String body) {
        return send("POST", path, user, body, Map.of());
    }

    public Response delete(String path, String user) {
        return send("DELETE", path, user, null, Map.of());
    }
}
