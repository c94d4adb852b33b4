package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Ids;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.JsonBody;
import com.arkenos.telephony.core.http.Text;
import com.arkenos.telephony.core.phone.PhoneNumbers;
import com.arkenos.telephony.core.store.Cursors;
import com.arkenos.telephony.core.store.Page;
import com.arkenos.telephony.priming.PrimingStage;
import com.arkenos.telephony.priming.PrimingWorld;
import com.arkenos.telephony.provisioning.SipSettings;
import com.arkenos.telephony.provisioning.Telephony;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /api/calls}: place an outbound call, read one call or the owner's calls, end a call. Every call is scoped
 * to its owner: another owner's call is not found. An outbound call still ringing after its dial step could have
 * reported (a dropped dial event, a dial step that died) is settled when it is read, see {@link StaleCalls}.
 */
public class CallsFunction extends HttpFunction {
    /** As buy's: 1-128 of the characters that need no escaping in a header or a key. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");
    private static final Pattern CALLBACK_URL = Pattern.compile("https?://[^\\s]{1,2040}");
    private static final Set<String> LIST_PARAMETERS = Set.of("limit", "cursor", "direction", "status", "agent_id");

    private final Telephony telephony;
    private final CallStore calls;
    private final OutboundCalls outbound;
    private final StaleCalls stale;
    private final boolean allowPrivateCallbacks;
    private final OutboundDestinations destinations;

    public CallsFunction() {
        this(Env.system());
    }

    public CallsFunction(Env env) {
        this(new Telephony(env), new LambdaDialLauncher(env));
    }

    public CallsFunction(Telephony telephony, DialLauncher dialer) {
        Env env = telephony.env();
        this.telephony = telephony;
        this.calls = new CallStore(telephony.dynamo(), telephony.tables().calls());
        this.stale = new StaleCalls(calls, telephony.providers()::livekit);
        this.outbound = new OutboundCalls(telephony, calls, dialer,
                SipSettings.from(env, null, null).agentName(),
                env.intValue("RINGING_TIMEOUT_SECONDS", OutboundCalls.DEFAULT_RINGING_TIMEOUT_SECONDS),
                env.intValue("MAX_CONCURRENT_CALLS_PER_OWNER", OutboundCalls.DEFAULT_MAX_CONCURRENT_CALLS), stale);
        this.allowPrivateCallbacks = CallbackSender.allowPrivateHosts(env);
        this.destinations = OutboundDestinations.from(env);
        router().on("POST", "/api/calls/outbound", this::placeOutbound)
                .on("GET", "/api/calls", this::list)
                .on("GET", "/api/calls/{call_id}", this::get)
                .on("GET", "/api/calls/{call_id}/status", this::status)
                .on("POST", "/api/calls/{call_id}/end", this::end);
    }

    /**
     * SnapStart priming: a copy of this function on a {@link PrimingStage} (DynamoDB, LiveKit and Lambda answered by a
     * loopback stand-in) reads a call, its status and the owner's calls, places an outbound call (agent and number
     * checks, the recorded outbound trunk, the call record, LiveKit's room, the dial step's launch) and ends a call.
     * Nothing reaches AWS or LiveKit, no secret is fetched, and this function's own clients are not touched.
     */
    @Override
    protected void primeRequests() throws Exception {
        super.primeRequests();
        try (PrimingStage stage = PrimingStage.open(telephony.env())) {
            CallsFunction copy = new CallsFunction(stage.telephony(), new LambdaDialLauncher(stage.env(), stage.lambda()));
            Map<String, String> user = Map.of("x-user-id", PrimingWorld.OWNER);
            String call = "/api/calls/" + PrimingWorld.OUTBOUND_CALL;
            serve(copy, primingEvent("GET", call, "GET /api/calls/{call_id}", user, Map.of(), null));
            serve(copy, primingEvent("GET", call + "/status", "GET /api/calls/{call_id}/status", user, Map.of(), null));
            serve(copy, primingEvent("GET", "/api/calls", "GET /api/calls", user,
                    Map.of("direction", "OUTBOUND", "limit", "20"), null));
            serve(copy, primingEvent("POST", "/api/calls/outbound", "POST /api/calls/outbound", user, Map.of(),
                    "{\"agent_id\":\"" + PrimingWorld.AGENT + "\",\"phone_number\":\"" + PrimingWorld.CALLEE + "\"}"));
            serve(copy, primingEvent("POST", call + "/end", "POST /api/calls/{call_id}/end", user, Map.of(), null));
        }
    }

    private HttpResponse placeOutbound(HttpRequest req) {
        String owner = req.owner();
        JsonBody body = req.jsonBody(8 * 1024).allowOnly(Set.of("agent_id", "phone_number", "callback_url"));
        String agentId = body.requiredString("agent_id", 64);
        if (!Ids.isUuid(agentId)) {
            throw ApiError.notFound("agent not found");
        }
        String phone = PhoneNumbers.requireE164("phone_number", body.requiredString("phone_number", 32));
        destinations.check(phone); // before anything is read or created: a refused number costs nothing
        String callback = body.optionalString("callback_url", 2048).orElse(null);
        if (callback != null && !(CALLBACK_URL.matcher(callback).matches()
                && CallbackSender.plausible(callback, allowPrivateCallbacks))) {
            throw ApiError.invalid("callback_url", "callback_url must be an http(s) URL of a public host");
        }
        Optional<String> key = req.header("idempotency-key");
        if (key.isPresent() && !IDEMPOTENCY_KEY.matcher(key.get()).matches()) {
            throw ApiError.badRequest("invalid_idempotency_key", "Idempotency-Key must be 1-128 of A-Z a-z 0-9 _ . : -");
        }
        OutboundCalls.Placed placed = outbound.place(owner, agentId, phone, callback, key.orElse(null));
        HttpResponse created = HttpResponse.created(placed.call().toJson());
        // The same answer for a retry, marked so a client can tell (as Stripe's Idempotent-Replayed).
        return placed.replayed() ? created.withHeader("idempotent-replayed", "true") : created;
    }

    private HttpResponse list(HttpRequest req) {
        String owner = req.owner();
        req.queryParameters().keySet().forEach(k -> {
            if (!LIST_PARAMETERS.contains(k)) {
                throw ApiError.badRequest("unknown_parameter", "unknown query parameter '" + Text.printable(k, 40)
                        + "'; allowed: " + String.join(", ", new java.util.TreeSet<>(LIST_PARAMETERS)));
            }
        });
        int limit = Cursors.limit(req.query("limit").orElse(null), 20, 100);
        CallDirection direction = req.query("direction").map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> parse(CallDirection.class, "direction", s)).orElse(null);
        CallStatus status = req.query("status").map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> parse(CallStatus.class, "status", s)).orElse(null);
        String agentId = req.query("agent_id").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (agentId != null && !Ids.isUuid(agentId)) {
            throw ApiError.invalid("agent_id", "agent_id must be an agent id");
        }
        Page<CallRecord> page = calls.list(owner, limit, req.query("cursor").filter(s -> !s.isEmpty()).orElse(null),
                new CallStore.Filter(direction, status, agentId));
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("calls");
        stale.settleAll(page.items(), OutboundCalls.now()).forEach(c -> items.add(c.toJson()));
        out.put("next_cursor", page.nextCursor());
        return HttpResponse.ok(out);
    }

    private HttpResponse get(HttpRequest req) {
        String owner = req.owner();
        return HttpResponse.ok(stale.settle(calls.get(owner, callId(req)), OutboundCalls.now()).toJson());
    }

    /** The product's polling endpoint, kept for the dashboard, but scoped to the owner. */
    private HttpResponse status(HttpRequest req) {
        String owner = req.owner();
        return HttpResponse.ok(stale.settle(calls.get(owner, callId(req)), OutboundCalls.now()).toStatusJson());
    }

    private HttpResponse end(HttpRequest req) {
        String owner = req.owner();
        CallRecord call = outbound.end(owner, callId(req));
        ObjectNode out = Json.object().put("success", true);
        out.setAll(call.toJson());
        return HttpResponse.ok(out);
    }

    private static String callId(HttpRequest req) {
        String id = req.pathParameter("call_id");
        if (!Ids.isUuid(id)) {
            throw ApiError.notFound("call not found");
        }
        return id;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(field, field + " must be one of "
                    + String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
        }
    }
}
