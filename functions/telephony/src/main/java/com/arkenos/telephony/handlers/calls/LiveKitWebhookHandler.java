package com.arkenos.telephony.handlers.calls;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.errors.TelephonyException;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.providers.livekit.LiveKitCredentials;
import com.arkenos.telephony.calls.RoomEvents;
import com.arkenos.telephony.wiring.TelephonyWiring;
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
public class LiveKitWebhookHandler extends HttpFunction {
    /** LiveKit's events are small; a body this large is not one of them. */
    static final int MAX_BODY = 256 * 1024;

    private final Supplier<LiveKitCredentials> credentials;
    private final RoomEvents events;
    private volatile WebhookReceiver receiver;

    public LiveKitWebhookHandler() {
        this(TelephonyWiring.current());
    }

    private LiveKitWebhookHandler(TelephonyWiring wiring) {
        this(wiring.liveKitCredentials(), wiring.roomEvents());
    }

    public LiveKitWebhookHandler(Supplier<LiveKitCredentials> credentials, RoomEvents events) {
        super("POST /api/livekit/webhook");
        this.credentials = credentials;
        this.events = events;
    }

    @Override
    protected HttpResponse serve(HttpRequest request) {
        return receive(request);
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
        } catch (ApiError | TelephonyException e) {
            // Not the signature: the deployment (its LiveKit credentials missing), answered as such.
            throw e;
        } catch (Exception e) {
            if (e instanceof InvalidProtocolBufferException) {
                throw ApiError.badRequest("invalid_event", "the webhook body is not a LiveKit event");
            }
            Log.warn("webhook_refused", "reason", e.getClass().getSimpleName());
            throw ApiError.unauthorized("the webhook signature is not valid");
        }
        Log.info("webhook_received", "webhook_event", event.getEvent(), "id", event.getId(),
                "room", event.getRoom().getName());
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
