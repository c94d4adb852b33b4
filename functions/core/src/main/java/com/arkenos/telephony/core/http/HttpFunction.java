package com.arkenos.telephony.core.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.arkenos.telephony.core.errors.TelephonyException;
import com.arkenos.telephony.core.log.Log;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.crac.Core;
import org.crac.Resource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Base of every HTTP function: reads the payload 2.0 event, routes it, and turns domain errors into JSON error
 * responses. A stream handler keeps the Lambda runtime's reflective event serialisation off the cold start.
 *
 * <p>SnapStart: every HTTP function registers itself as a CRaC {@link Resource}. Before the snapshot
 * ({@link #beforeCheckpoint}) it primes its request path with representative requests that reach no network
 * ({@link #prime()}): the classes those requests need are loaded and their code compiled in the snapshot, so the
 * first request after a restore costs about what a warm one does.
 */
public abstract class HttpFunction implements RequestStreamHandler, Resource {
    /** Set while priming: the copies of a function that priming builds do not register themselves. */
    private static final ThreadLocal<Boolean> PRIMING = ThreadLocal.withInitial(() -> false);
    private final Router router = new Router();

    protected HttpFunction() {
        if (!PRIMING.get()) {
            Core.getGlobalContext().register(this);
        }
    }

    protected final Router router() {
        return router;
    }

    public List<String> routeKeys() {
        return router.routeKeys();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log.invocationStarted();
        JsonNode event;
        try {
            event = JsonTrees.read(input.readAllBytes());
        } catch (IOException e) {
            output.write(toEvent(HttpResponse.error(400, "invalid_event", "the event is not JSON")));
            return;
        }
        output.write(toEvent(handle(event)));
    }

    /**
     * The payload 2.0 response document, as {@link HttpResponse#toEvent()} makes it, written with jackson-core alone
     * (see {@link JsonTrees}).
     */
    private static byte[] toEvent(HttpResponse response) {
        ObjectNode out = JsonTrees.object();
        out.put("statusCode", response.status());
        ObjectNode h = out.putObject("headers");
        response.headers().forEach(h::put);
        out.put("body", response.body());
        out.put("isBase64Encoded", false);
        return JsonTrees.writeBytes(out);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to redo: priming opened no connection that could be stale, and the SDK clients open new ones on
        // the first request after a restore. The restored container's first request is its cold start.
        Log.restored();
    }

    /**
     * Primes the request path without touching the network; never throws (a failed priming only costs the first
     * request its warm-up). Functions extend {@link #primeRequests()} with their own representative requests.
     */
    public final void prime() {
        long start = System.nanoTime();
        boolean before = PRIMING.get();
        PRIMING.set(true);
        try {
            primeRequests();
            Log.info("primed", "function", getClass().getSimpleName(), "ms", (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | LinkageError e) {
            Log.warn("priming_failed", "function", getClass().getSimpleName(), "error", e.getClass().getName());
        } finally {
            PRIMING.set(before);
        }
    }

    /**
     * The representative requests of this function, served by a copy of it wired to stand-ins. This one sends an
     * unknown route through this very function (event parsing, routing, error response, logging, serialisation),
     * which needs no storage; subclasses add a request of each kind they serve.
     */
    protected void primeRequests() throws Exception {
        serve(this, primingEvent("GET", "/priming/not-a-route", "$default", Map.of(), Map.of(), null));
        primeTls();
    }

    /**
     * AWS endpoints are HTTPS: loads the trust store and the TLS stack and writes a ClientHello into a buffer, so the
     * first request after a restore does not pay for them. No connection is made.
     */
    public static void primeTls() {
        try {
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getDefault();
            javax.net.ssl.HttpsURLConnection.getDefaultSSLSocketFactory();
            javax.net.ssl.SSLEngine engine = tls.createSSLEngine("dynamodb.us-east-1.amazonaws.com", 443);
            engine.setUseClientMode(true);
            engine.beginHandshake();
            java.nio.ByteBuffer hello = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(java.nio.ByteBuffer.allocate(0), hello);
            engine.closeOutbound();
        } catch (Exception e) {
            Log.warn("priming_tls_failed", "error", e.getClass().getName());
        }
    }

    /** Serves {@code event} with {@code function} as Lambda would, and returns the answer's status code. */
    protected static int serve(HttpFunction function, String event) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        function.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JsonTrees.read(out.toByteArray()).path("statusCode").asInt();
    }

    /** A payload 2.0 event like API Gateway's, for priming requests. */
    protected static String primingEvent(String method, String path, String routeKey, Map<String, String> headers,
                                         Map<String, String> query, String body) {
        ObjectNode e = JsonTrees.object();
        e.put("version", "2.0");
        e.put("routeKey", routeKey);
        e.put("rawPath", path);
        ObjectNode h = e.putObject("headers");
        h.put("host", "priming.local");
        h.put("user-agent", "snapstart-priming");
        if (body != null) {
            h.put("content-type", "application/json");
        }
        headers.forEach(h::put);
        if (!query.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            query.forEach(q::put);
            StringBuilder raw = new StringBuilder();
            query.forEach((k, v) -> raw.append(raw.length() == 0 ? "" : "&").append(k).append('=').append(v));
            e.put("rawQueryString", raw.toString());
        }
        int space = routeKey.indexOf(' ');
        if (space > 0 && routeKey.indexOf('{') > 0) {
            String[] template = routeKey.substring(space + 2).split("/");
            String[] actual = path.substring(1).split("/");
            ObjectNode p = e.putObject("pathParameters");
            for (int i = 0; i < template.length && i < actual.length; i++) {
                if (template[i].startsWith("{") && template[i].endsWith("}")) {
                    p.put(template[i].substring(1, template[i].length() - 1), actual[i]);
                }
            }
        }
        ObjectNode ctx = e.putObject("requestContext");
        ctx.putObject("http").put("method", method).put("path", path).put("protocol", "HTTP/1.1")
                .put("sourceIp", "127.0.0.1").put("userAgent", "snapstart-priming");
        ctx.put("requestId", "priming");
        ctx.put("routeKey", routeKey);
        ctx.put("stage", "$default");
        if (body != null) {
            e.put("body", body);
        }
        e.put("isBase64Encoded", false);
        return JsonTrees.write(e);
    }

    /** Serves one event; never throws. */
    public HttpResponse handle(JsonNode event) {
        long start = System.nanoTime();
        HttpRequest request = null;
        HttpResponse response;
        try {
            request = HttpRequest.fromEvent(event);
            response = router.dispatch(request);
        } catch (ApiError e) {
            response = HttpResponse.error(e);
        } catch (TelephonyException e) {
            response = HttpErrors.response(e);
        } catch (Exception e) {
            Log.error("unhandled_error", e, "route", request == null ? null : request.routeKey());
            response = HttpResponse.error(500, "internal_error", "the request could not be completed; try again");
        }
        Log.info("request", "route", request == null ? null : request.routeKey(),
                "method", request == null ? null : request.method(), "status", response.status(),
                "request_id", request == null ? null : request.requestId(),
                "ms", (System.nanoTime() - start) / 1_000_000);
        return response;
    }
}
