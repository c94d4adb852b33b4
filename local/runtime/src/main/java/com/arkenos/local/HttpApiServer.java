package com.arkenos.local;

import com.arkenos.devkit.http.ConnectionHeaders;
import com.arkenos.devkit.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the template's HTTP API routes as API Gateway does: the most specific route wins, the request becomes a
 * payload 2.0 event, the mapped function is invoked, and its payload 2.0 response is written back.
 */
public final class HttpApiServer implements AutoCloseable {
    /** API Gateway HTTP APIs refuse payloads above 10 MB. */
    private static final int MAX_PAYLOAD = 10 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private record CompiledRoute(SamTemplate.Route route, String[] segments, int literals) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32);
    private final FunctionHost host;
    private final List<CompiledRoute> routes = new ArrayList<>();
    /** The template's {@code $default} route, if any: what API Gateway invokes when no route matches. */
    private CompiledRoute fallback;
    public static final String OPENAPI_PATH = "/openapi.json";
    private volatile byte[] openApi;
    private final List<String> corsOrigins;
    /** The JWT authorizer in JWT mode (null in header mode), and the routes it does not guard. */
    private volatile LocalIssuer authorizer;
    private volatile java.util.Set<String> unguarded = java.util.Set.of();

    public HttpApiServer(FunctionHost host, List<SamTemplate.Route> templateRoutes, List<String> corsOrigins,
                         String bindAddress, int port) throws IOException {
        this.host = host;
        this.corsOrigins = corsOrigins;
        for (SamTemplate.Route r : templateRoutes) {
            if (r.isDefault()) {
                fallback = new CompiledRoute(r, new String[0], 0);
                continue;
            }
            String[] segs = r.path().substring(1).split("/");
            int literals = (int) java.util.Arrays.stream(segs).filter(s -> !s.startsWith("{")).count();
            routes.add(new CompiledRoute(r, segs, literals));
        }
        routes.sort(Comparator.comparingInt(CompiledRoute::literals).reversed());
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), 128);
        server.setExecutor(executor);
        ConnectionHeaders.on(server.createContext("/", this::serve));
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Extra handlers on the same port (the Lambda Invoke API for the state machine engine). */
    public void addContext(String path, com.sun.net.httpserver.HttpHandler handler) {
        ConnectionHeaders.on(server.createContext(path, handler));
    }

    /**
     * Serves the API's OpenAPI document at {@code GET /openapi.json} (local only: the deployed API has no such route,
     * so it is answered before the template's routes, {@code $default} included).
     */
    public HttpApiServer withOpenApi(byte[] document) {
        this.openApi = document;
        return this;
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            String rawPath = ex.getRequestURI().getRawPath();
            if (openApi != null && method.equals("GET") && rawPath.equals(OPENAPI_PATH)) {
                writeBytes(ex, 200, Map.of("content-type", "application/json"), openApi);
                return;
            }
            if (method.equals("OPTIONS") && ex.getRequestHeaders().containsKey("Access-Control-Request-Method")) {
                preflight(ex);
                return;
            }
            byte[] body = readBody(ex);
            if (body == null) {
                write(ex, 413, Map.of("content-type", "application/json"),
                        "{\"message\":\"Request Entity Too Large\"}");
                return;
            }
            Match match = match(method, rawPath);
            if (match == null) {
                write(ex, 404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}");
                return;
            }
            ObjectNode event = event(ex, method, rawPath, body, match);
            LocalIssuer jwt = authorizer;
            if (jwt != null && !unguarded.contains(match.route().route().routeKey())) {
                java.util.Optional<ObjectNode> claims = jwt.claims(ex.getRequestHeaders().getFirst("Authorization"));
                if (claims.isEmpty()) {
                    write(ex, 401, Map.of("content-type", "application/json", "www-authenticate", "Bearer"),
                            "{\"message\":\"Unauthorized\"}");
                    return;
                }
                ((ObjectNode) event.get("requestContext")).putObject("authorizer").putObject("jwt")
                        .set("claims", claims.get());
            }
            byte[] result;
            try {
                result = host.invoke(match.route.route().functionId(), JSON.writeValueAsBytes(event));
            } catch (Exception e) {
                System.err.println("function " + match.route.route().functionId() + " failed: " + e);
                write(ex, 500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}");
                return;
            }
            respond(ex, result);
        } catch (IOException e) {
            // the client went away
        }
    }

    /**
     * Guards every route but {@code unguarded} as the template's JWT authorizer does: a request without a valid bearer
     * token of {@code issuer} gets API Gateway's 401, and a valid one's claims reach the function. Also serves the
     * issuer: {@code POST /local/issuer/token} with {@code {"sub": ...}} answers a token, and its key set.
     */
    public HttpApiServer withAuthorizer(LocalIssuer issuer, java.util.Set<String> unguarded) {
        this.authorizer = issuer;
        this.unguarded = java.util.Set.copyOf(unguarded);
        addContext(LocalIssuer.PATH, ex -> issuer.serve(ex,
                ex.getRequestURI().getPath().substring(LocalIssuer.PATH.length())));
        return this;
    }

    private record Match(CompiledRoute route, Map<String, String> params) {}

    private Match match(String method, String rawPath) {
        String[] actual = rawPath.length() > 1 ? rawPath.substring(1).split("/", -1) : new String[0];
        for (CompiledRoute r : routes) {
            if (!r.route().method().equals(method) || r.segments().length != actual.length) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            boolean ok = true;
            for (int i = 0; i < actual.length && ok; i++) {
                String t = r.segments()[i];
                if (t.startsWith("{")) {
                    if (actual[i].isEmpty()) {
                        ok = false;
                    } else {
                        params.put(t.substring(1, t.length() - 1), decode(actual[i]));
                    }
                } else {
                    ok = t.equals(actual[i]);
                }
            }
            if (ok) {
                return new Match(r, params);
            }
        }
        return fallback == null ? null : new Match(fallback, Map.of());
    }

    private ObjectNode event(HttpExchange ex, String method, String rawPath, byte[] body, Match match) {
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", match.route().route().routeKey());
        e.put("rawPath", rawPath);
        String rawQuery = ex.getRequestURI().getRawQuery();
        e.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        ArrayNode cookies = JSON.createArrayNode();
        ObjectNode headers = JSON.createObjectNode();
        ex.getRequestHeaders().forEach((k, vs) -> {
            String name = k.toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                vs.forEach(v -> java.util.Arrays.stream(v.split(";\\s*")).forEach(cookies::add));
            } else {
                headers.put(name, String.join(",", vs));
            }
        });
        if (!cookies.isEmpty()) {
            e.set("cookies", cookies);
        }
        e.set("headers", headers);
        if (rawQuery != null && !rawQuery.isEmpty()) {
            ObjectNode qs = JSON.createObjectNode();
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String[] kv = pair.split("=", 2);
                String k = decode(kv[0]);
                String v = kv.length > 1 ? decode(kv[1]) : "";
                qs.put(k, qs.has(k) ? qs.get(k).asText() + "," + v : v);
            }
            e.set("queryStringParameters", qs);
        }
        if (!match.params().isEmpty()) {
            ObjectNode pp = JSON.createObjectNode();
            match.params().forEach(pp::put);
            e.set("pathParameters", pp);
        }
        Instant now = Instant.now();
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", FunctionHost.ACCOUNT);
        ctx.put("apiId", "local");
        ctx.put("domainName", headers.path("host").asText("localhost"));
        ctx.put("domainPrefix", "localhost");
        ObjectNode http = ctx.putObject("http");
        http.put("method", method);
        http.put("path", rawPath);
        http.put("protocol", ex.getProtocol());
        http.put("sourceIp", ex.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", headers.path("user-agent").asText(""));
        ctx.put("requestId", UUID.randomUUID().toString());
        ctx.put("routeKey", match.route().route().routeKey());
        ctx.put("stage", "$default");
        ctx.put("time", TIME.format(now));
        ctx.put("timeEpoch", now.toEpochMilli());
        if (body.length > 0) {
            String type = headers.path("content-type").asText("").toLowerCase(Locale.ROOT);
            boolean text = type.isEmpty() || type.startsWith("text/") || type.contains("json") || type.contains("xml")
                    || type.contains("x-www-form-urlencoded") || type.contains("javascript");
            e.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            e.put("isBase64Encoded", !text);
        } else {
            e.put("isBase64Encoded", false);
        }
        return e;
    }

    private void respond(HttpExchange ex, byte[] result) throws IOException {
        JsonNode r = JSON.readTree(result);
        if (!r.isObject() || !r.has("statusCode")) {
            // Payload 2.0 lets a function return a bare JSON value: API Gateway answers it as a 200 JSON body.
            write(ex, 200, Map.of("content-type", "application/json"), new String(result, StandardCharsets.UTF_8));
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        r.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        String body = r.path("body").asText("");
        byte[] bytes = r.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        cors(ex);
        writeBytes(ex, r.get("statusCode").asInt(), headers, bytes);
    }

    private void preflight(HttpExchange ex) throws IOException {
        cors(ex);
        ex.getResponseHeaders().add("Access-Control-Allow-Methods", "GET,POST,PATCH,DELETE,OPTIONS");
        ex.getResponseHeaders().add("Access-Control-Allow-Headers",
                "content-type,authorization,x-user-id,idempotency-key,if-match,x-worker-key");
        ex.getResponseHeaders().add("Access-Control-Max-Age", "600");
        ex.sendResponseHeaders(204, -1);
    }

    private void cors(HttpExchange ex) {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin != null && (corsOrigins.contains("*") || corsOrigins.contains(origin))) {
            ex.getResponseHeaders().add("Access-Control-Allow-Origin", corsOrigins.contains("*") ? "*" : origin);
        }
    }

    private static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_PAYLOAD + 1);
            return bytes.length > MAX_PAYLOAD ? null : bytes;
        }
    }

    private static void write(HttpExchange ex, int status, Map<String, String> headers, String body)
            throws IOException {
        writeBytes(ex, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(HttpExchange ex, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        boolean empty = body.length == 0 || status == 204 || status == 304;
        ex.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
