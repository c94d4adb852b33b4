package com.arkenos.telephony.handlers.calls;

import com.arkenos.telephony.calls.CallsService;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.wiring.TelephonyWiring;

/**
 * {@code GET /api/calls/{call_id}/status}: the product's polling endpoint, kept for the dashboard, but scoped to the
 * owner.
 */
public class GetCallStatusHandler extends HttpFunction {
    private final CallsService calls;

    public GetCallStatusHandler() {
        this(TelephonyWiring.current().calls());
    }

    public GetCallStatusHandler(CallsService calls) {
        super("GET /api/calls/{call_id}/status");
        this.calls = calls;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        return HttpResponse.ok(calls.get(req.owner(), CallRequests.callId(req)).toStatusJson());
    }
}
