package com.arkenos.telephony.calls;

import com.amazonaws.services.lambda.runtime.Context;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.aws.DynamoJson;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.priming.PrimedHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fed by the calls table's stream (template.yaml: {@code CallStatusChanged}): each time a call that carries a
 * {@code callback_url} changes status (ANSWERED, COMPLETED, BUSY, NO_ANSWER, REJECTED, FAILED), POSTs to that URL
 * <pre>{"event": "call.status_changed", "event_id": ..., "previous_status": "RINGING", "call": {...as GET /api/calls/{id}}}</pre>
 * with the stream record's id in {@code x-arkenos-event-id}: a stream may deliver a record again, so receivers
 * deduplicate by it. Writes that do not change the status send nothing.
 *
 * <p>Delivery is best effort: one retry, then the failure is logged and the batch goes on (a user's unreachable
 * endpoint must not hold back everyone else's callbacks on the shard). The handler does not fail for a bad record.
 */
public class CallbackFunction extends PrimedHandler {
    static final String EVENT = "call.status_changed";

    private final CallbackSender sender;

    public CallbackFunction() {
        this(Env.system());
    }

    public CallbackFunction(Env env) {
        this(new CallbackSender(CallbackSender.allowPrivateHosts(env)));
    }

    public CallbackFunction(CallbackSender sender) {
        this.sender = sender;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log.invocationStarted();
        JsonNode event = Json.parse(input.readAllBytes());
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JsonNode record : event.path("Records")) {
            String outcome;
            try {
                outcome = notification(record)
                        .map(n -> sender.send(n.url(), n.eventId(), n.body()).name().toLowerCase(java.util.Locale.ROOT))
                        .orElse("no_change");
            } catch (RuntimeException e) {
                Log.warn("callback_record_unreadable", "event_id", record.path("eventID").asText(""),
                        "error", e.getClass().getSimpleName());
                outcome = "unreadable";
            }
            counts.merge(outcome, 1, Integer::sum);
        }
        ObjectNode out = Json.object();
        counts.forEach(out::put);
        output.write(Json.write(out).getBytes(StandardCharsets.UTF_8));
    }

    /** One callback to send. */
    record Notification(String url, String eventId, String body) {
    }

    /** The callback a stream record calls for: a status change of a call that has a callback URL. */
    static Optional<Notification> notification(JsonNode record) {
        if (!"MODIFY".equals(record.path("eventName").asText())) {
            return Optional.empty();
        }
        JsonNode images = record.path("dynamodb");
        Map<String, AttributeValue> now = DynamoJson.item(images.path("NewImage"));
        Map<String, AttributeValue> before = DynamoJson.item(images.path("OldImage"));
        AttributeValue url = now.get(CallStore.CALLBACK_URL);
        AttributeValue status = now.get(CallStore.STATUS);
        AttributeValue previous = before.get(CallStore.STATUS);
        if (url == null || url.s() == null || status == null || previous == null || status.equals(previous)) {
            return Optional.empty();
        }
        CallRecord call = CallStore.fromItem(now);
        ObjectNode body = Json.object().put("event", EVENT).put("event_id", record.path("eventID").asText(""))
                .put("previous_status", previous.s());
        body.set("call", call.toJson());
        return Optional.of(new Notification(url.s(), record.path("eventID").asText(""), Json.write(body)));
    }

    /**
     * SnapStart priming: a copy that refuses private hosts handles a record whose status did not change (nothing to
     * send) and one whose status changed with a callback to 127.0.0.1 (the notification built, the URL refused before
     * any connection): parsing, the image conversion, the call's JSON and the URL check. No network.
     */
    @Override
    protected void primeRequests() throws Exception {
        CallbackFunction copy = new CallbackFunction(new CallbackSender(false));
        String base = "\"call_id\":{\"S\":\"00000000-0000-4000-8000-000000000001\"},\"owner_id\":{\"S\":\"priming\"},"
                + "\"agent_id\":{\"S\":\"00000000-0000-4000-8000-000000000002\"},\"direction\":{\"S\":\"OUTBOUND\"},"
                + "\"room_name\":{\"S\":\"outbound-00000000-0000-4000-8000-000000000001\"},"
                + "\"to_number\":{\"S\":\"+15550100001\"},\"ringing_timeout_seconds\":{\"N\":\"45\"},"
                + "\"callback_url\":{\"S\":\"http://127.0.0.1:9/priming\"},"
                + "\"created_at\":{\"S\":\"2026-01-01T00:00:00.000Z\"},\"updated_at\":{\"S\":\"2026-01-01T00:00:01.000Z\"},";
        String ringing = "{" + base + "\"status\":{\"S\":\"RINGING\"}}";
        String answered = "{" + base + "\"status\":{\"S\":\"ANSWERED\"},\"answered_at\":{\"S\":\"2026-01-01T00:00:01.000Z\"}}";
        String event = "{\"Records\":["
                + "{\"eventID\":\"priming-1\",\"eventName\":\"MODIFY\",\"dynamodb\":{\"NewImage\":" + ringing
                + ",\"OldImage\":" + ringing + "}},"
                + "{\"eventID\":\"priming-2\",\"eventName\":\"MODIFY\",\"dynamodb\":{\"NewImage\":" + answered
                + ",\"OldImage\":" + ringing + "}}]}";
        copy.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                null);
    }
}
