package com.arkenos.telephony.providers.livekit;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.providers.ProviderException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every LiveKit failure becomes a {@link ProviderException} here, and only here.
 *
 * <p>Transient (retrying may help): HTTP 429 and 5xx, Twirp {@code unavailable}, {@code resource_exhausted},
 * {@code internal}, {@code unknown}, {@code deadline_exceeded}, {@code canceled}, and any request that got no
 * response (timeout, refused, reset). Permanent: every other 4xx, notably {@code unauthenticated},
 * {@code permission_denied}, {@code not_found}, {@code invalid_argument}, {@code failed_precondition},
 * {@code already_exists}.
 *
 * <p>A dial that waited for the answer is different: a SIP failure comes back as a Twirp error carrying
 * {@code sip_status_code} and {@code sip_status} in its meta, under whatever code LiveKit maps the SIP status to
 * (486 Busy Here is {@code resource_exhausted}, HTTP 429!). Those, and LiveKit's own ringing timeout
 * ({@code canceled} without SIP meta), are outcomes of the call: Permanent, with a {@link SipCallFailure} cause.
 */
final class LiveKitErrors {
    static final String PROVIDER = "livekit";
    private static final Set<String> TRANSIENT_CODES = Set.of("unavailable", "resource_exhausted", "internal",
            "unknown", "deadline_exceeded", "canceled", "dataloss");
    private static final Set<String> RINGING_TIMEOUT_CODES = Set.of("canceled", "deadline_exceeded");
    private static final int MAX_TEXT = 300;

    /** A Twirp error body, or what a Twirp client makes of a non-Twirp error response. */
    record TwirpError(String code, String msg, Map<String, String> meta, boolean fromTwirp) {
    }

    private LiveKitErrors() {
    }

    static ProviderException fromResponse(String operation, int status, String body) {
        TwirpError e = parse(status, body);
        boolean retryable = status == 429 || status >= 500 || (e.fromTwirp() && TRANSIENT_CODES.contains(e.code()));
        return retryable
                ? new ProviderException.Transient(PROVIDER, operation, status, e.code(), e.msg(), null)
                : new ProviderException.Permanent(PROVIDER, operation, status, e.code(), e.msg(), null);
    }

    /** For CreateSIPParticipant with wait_until_answered: SIP outcomes are permanent and carry their status. */
    static ProviderException fromDialResponse(String operation, int status, String body) {
        TwirpError e = parse(status, body);
        String sipCode = e.meta().get("sip_status_code");
        if (sipCode != null) {
            int code = parseSipCode(sipCode);
            String reason = e.meta().getOrDefault("sip_status", "");
            return new ProviderException.Permanent(PROVIDER, operation, status, sipCode,
                    "the call failed with SIP " + sipCode + " " + reason, new SipCallFailure(code, reason, e.code()));
        }
        if (e.fromTwirp() && RINGING_TIMEOUT_CODES.contains(e.code())) {
            return new ProviderException.Permanent(PROVIDER, operation, status, e.code(),
                    "the callee did not answer in time: " + e.msg(), new SipCallFailure(0, e.msg(), e.code()));
        }
        return fromResponse(operation, status, body);
    }

    /** No HTTP response at all: always worth another try (the request may or may not have reached LiveKit). */
    static ProviderException transport(String operation, IOException e) {
        String what = e instanceof SocketTimeoutException ? "timed out waiting for LiveKit"
                : e instanceof ConnectException ? "could not connect to LiveKit"
                : "connection to LiveKit closed without a response";
        return new ProviderException.Transient(PROVIDER, operation, 0, null,
                what + " (" + e.getClass().getSimpleName() + ")", e);
    }

    static TwirpError parse(int status, String body) {
        String text = body == null ? "" : body.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode node = Json.parse(text);
                if (node.path("code").isTextual()) {
                    Map<String, String> meta = new HashMap<>();
                    node.path("meta").fields().forEachRemaining(f -> meta.put(f.getKey(), f.getValue().asText()));
                    return new TwirpError(node.path("code").asText(), node.path("msg").asText(""), Map.copyOf(meta),
                            true);
                }
            } catch (IOException notJson) {
                // Fall through: treat it like a proxy's or middleware's error page.
            }
        }
        String msg = "HTTP " + status + (text.isEmpty() ? "" : ": " + truncate(text));
        return new TwirpError(codeFromStatus(status), msg, Map.of(), false);
    }

    /**
     * What a Twirp client concludes from a response that is not a Twirp error (LiveKit's auth middleware answers a
     * bad token with a plain-text 401; load balancers answer 502/503 pages).
     */
    static String codeFromStatus(int status) {
        return switch (status) {
            case 400 -> "malformed";
            case 401 -> "unauthenticated";
            case 403 -> "permission_denied";
            case 404 -> "bad_route";
            case 408 -> "deadline_exceeded";
            case 429, 502, 503, 504 -> "unavailable";
            default -> status >= 500 ? "internal" : "unknown";
        };
    }

    private static int parseSipCode(String code) {
        try {
            return Integer.parseInt(code.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String truncate(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_TEXT ? oneLine : oneLine.substring(0, MAX_TEXT) + "...";
    }
}
