package com.arkenos.telephony.handlers.calls;

import com.arkenos.telephony.calls.CallsService;
import com.arkenos.telephony.calls.OutboundCalls;
import com.arkenos.telephony.core.Ids;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.JsonBody;
import com.arkenos.telephony.core.phone.PhoneNumbers;
import com.arkenos.telephony.wiring.TelephonyWiring;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /api/calls/outbound}: places a call from an agent's number: the room, the agent's dispatch, then the
 * dial step. An Idempotency-Key makes a retry answer the first request's call (it is never dialled twice).
 */
public class PlaceOutboundCallHandler extends HttpFunction {
    /** As buy's: 1-128 of the characters that need no escaping in a header or a key. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");
    private static final Pattern CALLBACK_URL = Pattern.compile("https?://[^\\s]{1,2040}");
    private final CallsService calls;

    public PlaceOutboundCallHandler() {
        this(TelephonyWiring.warmingOutboundCalls().calls());
    }

    public PlaceOutboundCallHandler(CallsService calls) {
        super("POST /api/calls/outbound");
        this.calls = calls;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        String owner = req.owner();
        JsonBody body = req.jsonBody(8 * 1024).allowOnly(Set.of("agent_id", "phone_number", "callback_url"));
        String agentId = body.requiredString("agent_id", 64);
        if (!Ids.isUuid(agentId)) {
            throw ApiError.notFound("agent not found");
        }
        String phone = PhoneNumbers.requireE164("phone_number", body.requiredString("phone_number", 32));
        calls.checkDestination(phone); // before anything is read or created: a refused number costs nothing
        String callback = body.optionalString("callback_url", 2048).orElse(null);
        if (callback != null && !(CALLBACK_URL.matcher(callback).matches() && calls.acceptableCallback(callback))) {
            throw ApiError.invalid("callback_url", "callback_url must be an http(s) URL of a public host");
        }
        Optional<String> key = req.header("idempotency-key");
        if (key.isPresent() && !IDEMPOTENCY_KEY.matcher(key.get()).matches()) {
            throw ApiError.badRequest("invalid_idempotency_key",
                    "Idempotency-Key must be 1-128 of A-Z a-z 0-9 _ . : -");
        }
        OutboundCalls.Placed placed = calls.place(owner, agentId, phone, callback, key.orElse(null));
        HttpResponse created = HttpResponse.created(placed.call().toJson());
        // The same answer for a retry, marked so a client can tell (as Stripe's Idempotent-Replayed).
        return placed.replayed() ? created.withHeader("idempotent-replayed", "true") : created;
    }
}
