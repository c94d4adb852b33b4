package com.arkenos.telephony.handlers.calls;

import com.amazonaws.services.lambda.runtime.Context;
import com.arkenos.telephony.calls.CallRecord;
import com.arkenos.telephony.calls.OutboundDialer;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.core.snapstart.PrimedStreamHandler;
import com.arkenos.telephony.wiring.TelephonyWiring;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The asynchronous step of an outbound call ({@code {"call_id": ...}}, invoked with InvocationType Event): dials the
 * call ({@link OutboundDialer}) and answers its outcome. It does not throw for a call that did not connect (the
 * outcome is on the call) nor for an unknown call (logged and skipped), so Lambda has nothing to retry.
 */
public class DialCallHandler extends PrimedStreamHandler {
    private final OutboundDialer dialer;

    public DialCallHandler() {
        this(TelephonyWiring.current().dialer());
    }

    public DialCallHandler(OutboundDialer dialer) {
        this.dialer = dialer;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log.invocationStarted(context);
        JsonNode in;
        try {
            in = Json.parse(input.readAllBytes());
        } catch (IOException e) {
            in = Json.object();
        }
        String callId = in.path("call_id").asText("");
        ObjectNode out = Json.object().put("call_id", callId);
        Optional<CallRecord> result = dialer.dial(callId);
        if (result.isPresent()) {
            out.put("status", result.get().status().name());
        } else {
            out.put("skipped", "unknown_call");
        }
        output.write(Json.MAPPER.writeValueAsBytes(out));
    }
}
