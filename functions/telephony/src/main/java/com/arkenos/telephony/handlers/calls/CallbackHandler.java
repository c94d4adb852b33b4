package com.arkenos.telephony.handlers.calls;

import com.amazonaws.services.lambda.runtime.Context;
import com.arkenos.telephony.calls.CallStatusNotification;
import com.arkenos.telephony.calls.CallbackDeliveries;
import com.arkenos.telephony.calls.CallbackSender;
import com.arkenos.telephony.core.auth.CallbackSigning;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.core.snapstart.PrimedStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fed by the calls table's stream (template.yaml: {@code CallStatusChanged}): each time a call that carries a
 * {@code callback_url} changes status (ANSWERED, COMPLETED, BUSY, NO_ANSWER, REJECTED, FAILED), POSTs to that URL
 * <pre>{"event": "call.status_changed", "event_id": ..., "previous_status": "RINGING",
 *  "call": {...as GET /api/calls/{id}}}</pre>
 * with the stream record's id in {@code x-arkenos-event-id}: a stream may deliver a record again, so receivers
 * deduplicate by it. Writes that do not change the status send nothing.
 *
 * <p>Delivery is best effort: one retry, then the failure is logged and the batch goes on. Each receiver has its own
 * lane with a time budget ({@link CallbackDeliveries}), so a user's slow or unreachable endpoint does not hold back
 * anyone else's callbacks on the shard. Each delivery is signed for the call's owner ({@link CallbackSigning},
 * {@code x-arkenos-signature}). The handler does not fail for a bad record.
 */
public class CallbackHandler extends PrimedStreamHandler {
    private final CallbackDeliveries deliveries;

    public CallbackHandler() {
        this(new CallbackDeliveries(new CallbackSender(CallbackSender.allowPrivateHosts(Env.system())),
                CallbackSigning.from(Env.system())));
    }

    public CallbackHandler(CallbackDeliveries deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log.invocationStarted(context);
        JsonNode event = Json.parse(input.readAllBytes());
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<CallStatusNotification> due = new ArrayList<>();
        for (JsonNode record : event.path("Records")) {
            try {
                CallStatusNotification.of(record).ifPresentOrElse(due::add,
                        () -> counts.merge("no_change", 1, Integer::sum));
            } catch (RuntimeException e) {
                Log.warn("callback_record_unreadable", "event_id", record.path("eventID").asText(""),
                        "error", e.getClass().getSimpleName());
                counts.merge("unreadable", 1, Integer::sum);
            }
        }
        deliveries.deliver(due).forEach((outcome, n) -> counts.merge(outcome, n, Integer::sum));
        ObjectNode out = Json.object();
        counts.forEach(out::put);
        output.write(Json.write(out).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A copy that refuses private hosts handles a record whose status did not change (nothing to send) and one whose
     * status changed with a callback to 127.0.0.1, refused before any connection: the parsing, the image conversion,
     * the call's JSON and the address check, and no network. (No tape: a sample's callback receiver would be reached.)
     */
    @Override
    protected void warmUp() throws IOException {
        String base = "\"call_id\":{\"S\":\"00000000-0000-4000-8000-000000000001\"},\"owner_id\":{\"S\":\"priming\"},"
                + "\"agent_id\":{\"S\":\"00000000-0000-4000-8000-000000000002\"},\"direction\":{\"S\":\"OUTBOUND\"},"
                + "\"room_name\":{\"S\":\"outbound-00000000-0000-4000-8000-000000000001\"},"
                + "\"to_number\":{\"S\":\"+15550100001\"},\"ringing_timeout_seconds\":{\"N\":\"45\"},"
                + "\"callback_url\":{\"S\":\"http://127.0.0.1:9/priming\"},"
                + "\"created_at\":{\"S\":\"2026-01-01T00:00:00.000Z\"},"
                + "\"updated_at\":{\"S\":\"2026-01-01T00:00:01.000Z\"},";
        String ringing = "{" + base + "\"status\":{\"S\":\"RINGING\"}}";
        String answered = "{" + base + "\"status\":{\"S\":\"ANSWERED\"},"
                + "\"answered_at\":{\"S\":\"2026-01-01T00:00:01.000Z\"}}";
        String event = "{\"Records\":["
                + "{\"eventID\":\"priming-1\",\"eventName\":\"MODIFY\",\"dynamodb\":{\"NewImage\":" + ringing
                + ",\"OldImage\":" + ringing + "}},"
                + "{\"eventID\":\"priming-2\",\"eventName\":\"MODIFY\",\"dynamodb\":{\"NewImage\":" + answered
                + ",\"OldImage\":" + ringing + "}}]}";
        new CallbackHandler(new CallbackDeliveries(new CallbackSender(false), CallbackSigning.fixed("priming")))
                .handleRequest(
                new java.io.ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                new java.io.ByteArrayOutputStream(), null);
    }
}
