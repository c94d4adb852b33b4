package com.arkenos.telephony.handlers.calls;

import com.arkenos.telephony.calls.CallRecord;
import com.arkenos.telephony.calls.CallsService;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.wiring.TelephonyWiring;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/calls/{call_id}/end}: hangs up one of the caller's calls.
 */
public class EndCallHandler extends HttpFunction {
    private final CallsService calls;

    public EndCallHandler() {
        this(TelephonyWiring.warmingCallEnd().calls());
    }

    public EndCallHandler(CallsService calls) {
        super("POST /api/calls/{call_id}/end");
        this.calls = calls;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        CallRecord call = calls.end(req.owner(), CallRequests.callId(req));
        ObjectNode out = Json.object().put("success", true);
        out.setAll(call.toJson());
        return HttpResponse.ok(out);
    }
}
