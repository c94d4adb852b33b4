package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.aws.DynamoJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Optional;

/**
 * The callback a calls-table stream record calls for: a status change of a call that has a callback URL, as
 * <pre>{"event": "call.status_changed", "event_id": ..., "previous_status": "RINGING", "call": {...}}</pre>
 * (the call as {@code GET /api/calls/{id}} answers it).
 */
public record CallStatusNotification(String url, String eventId, String owner, String body) {
    public static final String EVENT = "call.status_changed";

    /** The notification {@code record} (a DynamoDB stream record) calls for; empty when the status did not change. */
    public static Optional<CallStatusNotification> of(JsonNode record) {
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
        return Optional.of(new CallStatusNotification(url.s(), record.path("eventID").asText(""), call.owner(),
                Json.write(body)));
    }
}
