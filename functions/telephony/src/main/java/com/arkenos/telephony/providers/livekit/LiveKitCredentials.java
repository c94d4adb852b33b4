package com.arkenos.telephony.providers.livekit;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and as whom the gateway calls LiveKit. {@link #toString()} never shows the secret.
 *
 * @param url       the project URL as LiveKit gives it ({@code wss://xyz.livekit.cloud}) or an http(s) URL
 * @param sipUri    the host Twilio sends inbound calls to; derived from {@code url} when not given (see
 *                  {@link #deriveSipUri}), null when it cannot be derived
 */
public record LiveKitCredentials(String url, String apiKey, String apiSecret, String sipUri) {
    private static final String CLOUD_SUFFIX = ".livekit.cloud";

    public LiveKitCredentials {
        requireText(url, "url");
        requireText(apiKey, "apiKey");
        requireText(apiSecret, "apiSecret");
        if (sipUri == null || sipUri.isBlank()) {
            sipUri = deriveSipUri(url);
        }
    }

    public static LiveKitCredentials of(String url, String apiKey, String apiSecret) {
        return new LiveKitCredentials(url, apiKey, apiSecret, null);
    }

    /**
     * {@code wss://xyz.livekit.cloud} gives {@code xyz.sip.livekit.cloud}, the product's convention for LiveKit Cloud
     * projects. Self-hosted servers have no such rule: null, and the SIP URI must be configured.
     */
    public static String deriveSipUri(String url) {
        String host = URI.create(url.strip()).getHost();
        if (host == null) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".sip" + CLOUD_SUFFIX)) {
            return host;
        }
        if (!host.endsWith(CLOUD_SUFFIX)) {
            return null;
        }
        String project = host.substring(0, host.length() - CLOUD_SUFFIX.length());
        return project.isEmpty() || project.contains(".") ? null : project + ".sip" + CLOUD_SUFFIX;
    }

    /** The base URL for the Twirp API: LiveKit serves it on the same host as the websocket, over HTTP(S). */
    String apiBaseUrl() {
        String u = url.strip();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("wss://")) {
            u = "https://" + u.substring(6);
        } else if (lower.startsWith("ws://")) {
            u = "http://" + u.substring(5);
        }
        return u.endsWith("/") ? u : u + "/";
    }

    @Override
    public String toString() {
        return "LiveKitCredentials[url=" + url + ", apiKey=" + apiKey + ", apiSecret=***, sipUri=" + sipUri + "]";
    }

    private static void requireText(String value, String name) {
        if (Objects.requireNonNull(value, name).isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
