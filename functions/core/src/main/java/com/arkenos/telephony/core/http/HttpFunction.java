package com.arkenos.telephony.core.http;

import com.arkenos.telephony.core.Env;
import com.amazonaws.services.lambda.runtime.Context;
import com.arkenos.telephony.core.errors.TelephonyException;
import com.arkenos.telephony.core.log.Log;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.arkenos.telephony.core.snapstart.PrimedStreamHandler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Base of every HTTP handler: one route of the API (its route key, {@code "POST /api/agents/{id}"}, or
 * {@value Router#DEFAULT_ROUTE}), served by {@link #serve}. It reads the payload 2.0 event and turns domain errors
 * into JSON error responses; the route's path parameters are filled in when the event lacks them (as when a host
 * other than API Gateway sends it).
 *
 * <p>SnapStart: its {@link #warmUp()} sends an unknown route through this very handler (event parsing, routing, the
 * error response, logging, serialisation), which needs no storage; the primers of its jar add its real requests.
 */
public abstract class HttpFunction extends PrimedStreamHandler {
    private final Router router = new Router();
    /** Read when the function is built, from its environment: who a request's owner is. */
    private final AuthMode auth = AuthMode.from(Env.system());
    /** Null unless the route has no JWT authorizer in front and the function checks tokens itself. */
    private final TokenCheck tokenCheck;

    protected HttpFunction(String routeKey) {
        this(routeKey, null);
    }

    /**
     * A route the template leaves without the JWT authorizer ({@code security: []}) because it also takes another
     * credential: in JWT mode a user is identified by {@code tokens}, checked here as the authorizer would.
     */
    protected HttpFunction(String routeKey, TokenCheck tokens) {
        this.tokenCheck = tokens;
        if (Router.DEFAULT_ROUTE.equals(routeKey)) {
            router.fallback(this::serve);
        } else {
            int space = routeKey.indexOf(' ');
            router.on(routeKey.substring(0, space), routeKey.substring(space + 1), this::serve);
        }
    }

    /** Answers one request of this handler's route. */
    protected abstract HttpResponse serve(HttpRequest request) throws Exception;

    public List<String> routeKeys() {
        return router.routeKeys();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log.invocationStarted(context);
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
    protected void warmUp() throws IOException {
        serve(this, primingEvent("GET", "/priming/not-a-route", "GET /priming/not-a-route", Map.of(), Map.of(), null));
    }

    /** Serves {@code event} with {@code function} as Lambda would, and returns the answer's status code. */
    public static int serve(HttpFunction function, String event) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        function.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JsonTrees.read(out.toByteArray()).path("statusCode").asInt();
    }

    /** A payload 2.0 event like API Gateway's, for priming requests. */
    public static String primingEvent(String method, String path, String routeKey, Map<String, String> headers,
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
        HttpRequest request;
        try {
            request = HttpRequest.fromEvent(event, auth);
            if (tokenCheck != null) {
                request = request.checkingTokensWith(tokenCheck);
            }
        } catch (ApiError e) {
            Log.info("request", "status", e.status());
            return HttpResponse.error(e);
        }
        return handle(request);
    }

    /** Serves one request; never throws. */
    public HttpResponse handle(HttpRequest request) {
        long start = System.nanoTime();
        HttpResponse response;
        try {
            response = router.dispatch(request);
        } catch (ApiError e) {
            response = HttpResponse.error(e);
        } catch (TelephonyException e) {
            response = HttpErrors.response(e);
        } catch (Exception e) {
            Log.error("unhandled_error", e, "route", request.routeKey());
            response = HttpResponse.error(500, "internal_error", "the request could not be completed; try again");
        }
        Log.info("request", "route", request.routeKey(), "method", request.method(), "status", response.status(),
                "request_id", request.requestId(), "ms", (System.nanoTime() - start) / 1_000_000);
        return response;
    }
}
