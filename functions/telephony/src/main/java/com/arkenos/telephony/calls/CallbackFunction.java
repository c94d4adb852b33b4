package com.arkenos.telephony.calls;

import com.amazonaws.services.lambda.runtime.Context;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.aws.DynamoJson;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.core.snapstart.PrimedStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
public class CallbackFunction extends PrimedStreamHandler {
    static final String EVENT = "call.status_changed";

    private final CallbackSender sender;

    public CallbackFunction() {
        this(new CallbackSender(CallbackSender.allowPrivateHosts(Env.system())));
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
}
