package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.priming.PrimingStage;
import com.arkenos.telephony.priming.PrimingWorld;
import com.arkenos.telephony.providers.livekit.LiveKitCredentials;
import com.arkenos.telephony.provisioning.SipSettings;
import com.arkenos.telephony.provisioning.Telephony;
import com.google.protobuf.InvalidProtocolBufferException;
import io.livekit.server.AccessToken;
import io.livekit.server.WebhookReceiver;
import livekit.LivekitWebhook.WebhookEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /api/livekit/webhook}: LiveKit's room and participant events. Each request must carry LiveKit's
 * signature, a JWT in the {@code Authorization} header signed with the API secret whose {@code sha256} claim is the
 * body's digest; the SDK's {@link WebhookReceiver} checks it. Unsigned, forged, expired or altered requests are
 * refused with 401 before anything is read from the body.
 */
public class LiveKitWebhookFunction extends HttpFunction {
    /** LiveKit's events are small; a body this large is not one of them. */
    static final int MAX_BODY = 256 * 1024;

    private final Env env;
    private final Supplier<LiveKitCredentials> credentials;
    private final RoomEvents events;
    private volatile WebhookReceiver receiver;

    public LiveKitWebhookFunction() {
        this(Env.system());
    }

    public LiveKitWebhookFunction(Env env) {
        this(new Telephony(env));
    }

    public LiveKitWebhookFunction(Telephony telephony) {
        this(telephony.env(), telephony.providers()::liveKitCredentials, new RoomEvents(
                new CallStore(telephony.dynamo(), telephony.tables().calls()), telephony.numbers(),
                SipSettings.from(telephony.env(), null, null).roomPrefix()));
    }

    public LiveKitWebhookFunction(Supplier<LiveKitCredentials> credentials, RoomEvents events) {
        this(Env.system(), credentials, events);
    }

    private LiveKitWebhookFunction(Env env, Supplier<LiveKitCredentials> credentials, RoomEvents events) {
        this.env = env;
        this.credentials = credentials;
        this.events = events;
        router().on("POST", "/api/livekit/webhook", this::receive);
    }

    /**
     * SnapStart priming: a copy of this function, with the same rules on stores that a loopback stand-in answers and
     * with priming credentials, receives an inbound caller joining, the caller's room finishing (both signed as
     * LiveKit signs them: the SDK's {@link WebhookReceiver} checks them) and a forged event. Nothing reaches DynamoDB,
     * no secret is fetched, and this function's own receiver is not built.
     */
    @Override
    protected void primeRequests() throws Exception {
        super.primeRequests();
        try (PrimingStage stage = PrimingStage.open(env)) {
            LiveKitCredentials primingCredentials = stage.telephony().providers().liveKitCredentials();
            LiveKitWebhookFunction copy = new LiveKitWebhookFunction(stage.env(), () -> primingCredentials,
                    events.on(stage.dynamo()));
            String room = "{\"sid\":\"RM_priming\",\"name\":\"" + stage.world().inboundRoom() + "\"}";
            String joined = "{\"event\":\"participant_joined\",\"room\":" + room + ",\"participant\":{"
                    + "\"sid\":\"PA_priming\",\"identity\":\"sip_priming\",\"name\":\"Phone\",\"kind\":\"SIP\","
                    + "\"attributes\":{\"" + RoomEvents.SIP_CALL_ID + "\":\"SCL_priming\",\""
                    + RoomEvents.TRUNK_PHONE_NUMBER + "\":\"" + PrimingWorld.PHONE + "\",\"" + RoomEvents.PHONE_NUMBER
                    + "\":\"" + PrimingWorld.CALLEE + "\",\"" + RoomEvents.CALL_STATUS + "\":\"active\"}},"
                    + "\"id\":\"EV_priming_joined\",\"createdAt\":\"1704067200\"}";
            String finished = "{\"event\":\"room_finished\",\"room\":" + room
                    + ",\"id\":\"EV_priming_finished\",\"createdAt\":\"1704067260\"}";
            for (String body : new String[] {joined, finished}) {
                serve(copy, webhookEvent(body, sign(primingCredentials, body)));
            }
            serve(copy, webhookEvent(finished, sign(primingCredentials, joined)));
        }
    }

    private static String webhookEvent(String body, String authorization) {
        return primingEvent("POST", "/api/livekit/webhook", "POST /api/livekit/webhook",
                Map.of("authorization", authorization), Map.of(), body);
    }

    /** The Authorization header LiveKit sends: a token whose sha256 claim is the body's digest. */
    private static String sign(LiveKitCredentials c, String body) throws NoSuchAlgorithmException {
        AccessToken token = new AccessToken(c.apiKey(), c.apiSecret());
        token.setTtl(Duration.ofMinutes(5).toMillis());
        token.setSha256(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(StandardCharsets.UTF_8))));
        return token.toJwt();
    }

    private HttpResponse receive(HttpRequest req) {
        String auth = req.header("authorization").map(String::strip).orElse("");
        if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            auth = auth.substring(7).strip();
        }
        if (auth.isEmpty()) {
            throw ApiError.unauthorized("the webhook is not signed (Authorization header missing)");
        }
        String body = req.body() == null ? "" : req.body();
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY) {
            throw ApiError.tooLarge("the webhook body exceeds " + MAX_BODY + " bytes");
        }
        WebhookEvent event;
        try {
            event = receiver().receive(body, auth);
        } catch (ApiError e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InvalidProtocolBufferException) {
                throw ApiError.badRequest("invalid_event", "the webhook body is not a LiveKit event");
            }
            Log.warn("webhook_refused", "reason", e.getClass().getSimpleName());
            throw ApiError.unauthorized("the webhook signature is not valid");
        }
        Log.info("webhook_received", "event", event.getEvent(), "id", event.getId(), "room", event.getRoom().getName());
        events.apply(event);
        return HttpResponse.ok(Json.object().put("status", "ok"));
    }

    private WebhookReceiver receiver() {
        WebhookReceiver r = receiver;
        if (r == null) {
            LiveKitCredentials c = credentials.get();
            r = new WebhookReceiver(c.apiKey(), c.apiSecret());
            receiver = r;
        }
        return r;
    }
}
