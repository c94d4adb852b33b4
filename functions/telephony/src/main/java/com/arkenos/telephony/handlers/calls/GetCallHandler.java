package com.arkenos.telephony.handlers.calls;

import com.arkenos.telephony.calls.CallsService;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.wiring.TelephonyWiring;

/**
 * {@code GET /api/calls/{call_id}}: one of the caller's calls.
 */
public class GetCallHandler extends HttpFunction {
    private final CallsService calls;

    public GetCallHandler() {
        this(TelephonyWiring.current().calls());
    }

    public GetCallHandler(CallsService calls) {
        super("GET /api/calls/{call_id}");
        this.calls = calls;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        return HttpResponse.ok(calls.get(req.owner(), CallRequests.callId(req)).toJson());
    }
}
