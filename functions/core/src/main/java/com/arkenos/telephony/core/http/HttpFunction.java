package com.arkenos.telephony.core.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.log.Log;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Base of every HTTP function: reads the payload 2.0 event, routes it, and turns domain errors into JSON error
 * responses. A stream handler keeps the Lambda runtime's reflective event serialisation off the cold start.
 */
public abstract class HttpFunction implements RequestStreamHandler {
    private final Router router = new Router();

    protected final Router router() {
        return router;
    }

    public List<String> routeKeys() {
        return router.routeKeys();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event;
        try {
            event = Json.parse(input.readAllBytes());
        } catch (IOException e) {
            output.write(HttpResponse.error(400, "invalid_event", "the event is not JSON").toEvent().toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        output.write(Json.MAPPER.writeValueAsBytes(handle(event).toEvent()));
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
