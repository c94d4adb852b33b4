package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.log.Log;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * POSTs a JSON document to a user's {@code callback_url}. The URL is the user's, so it is treated as hostile:
 * http(s) only, no user info, no redirects followed, short timeouts, and (unless the deployment allows it, as the
 * local stack does) no host that resolves to a loopback, private, link-local, carrier-grade NAT, multicast or
 * unspecified address, so a callback cannot be used to reach the deployment's own network. One retry after a
 * network error or a 5xx/429; never throws.
 *
 * <p>Limit: the addresses are checked when the name is resolved, before the HTTP client connects; a name whose answer
 * changes in between (DNS rebinding) is not caught. A deployed Lambda outside a VPC reaches no private network and
 * has no instance metadata endpoint, which bounds what that could reach.
 */
public final class CallbackSender {
    /** What became of one callback. */
    public enum Outcome { DELIVERED, REFUSED_URL, FAILED }

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int ATTEMPTS = 2;

    private final boolean allowPrivateHosts;
    private final HttpClient http;

    /** Whether the deployment lets callbacks reach private hosts ({@code CALLBACK_ALLOW_PRIVATE_HOSTS}, the local stack). */
    public static boolean allowPrivateHosts(Env env) {
        return Boolean.parseBoolean(env.getOrDefault("CALLBACK_ALLOW_PRIVATE_HOSTS", "false"));
    }

    public CallbackSender(boolean allowPrivateHosts) {
        this.allowPrivateHosts = allowPrivateHosts;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public Outcome send(String url, String eventId, String json) {
        Optional<URI> target = allowed(url);
        if (target.isEmpty()) {
            Log.warn("callback_refused", "event_id", eventId, "reason", "url_not_allowed");
            return Outcome.REFUSED_URL;
        }
        HttpRequest request = HttpRequest.newBuilder(target.get()).timeout(REQUEST_TIMEOUT)
                .header("content-type", "application/json")
                .header("user-agent", "Arkenos-Callback/1")
                .header("x-arkenos-event-id", eventId)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        String last = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    Log.info("callback_delivered", "event_id", eventId, "status", status, "attempt", attempt);
                    return Outcome.DELIVERED;
                }
                last = "http_" + status;
                if (status < 500 && status != 429) {
                    break;
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = "interrupted";
                break;
            }
        }
        Log.warn("callback_failed", "event_id", eventId, "error", last);
        return Outcome.FAILED;
    }

    /** The URL as a URI when it may be called: http(s), a host, no user info, and a public address. */
    Optional<URI> allowed(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        if (allowPrivateHosts) {
            return Optional.of(uri);
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                if (!isPublic(a)) {
                    return Optional.empty();
                }
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    /**
     * What can be told when a call is placed, without DNS: an http(s) URL with a host and no user info, and (unless
     * private hosts are allowed) not {@code localhost} nor an IP literal of a non-public address. Names are resolved
     * and checked again when the callback is sent.
     */
    public static boolean plausible(String url, boolean allowPrivateHosts) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!(scheme.equals("http") || scheme.equals("https")) || host == null || uri.getRawUserInfo() != null) {
            return false;
        }
        if (allowPrivateHosts) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost") || h.endsWith(".internal") || h.endsWith(".local")) {
            return false;
        }
        if (h.startsWith("[") || h.matches("[0-9.]+")) {
            try {
                // An IP literal: getByName parses it without a DNS query.
                return isPublic(InetAddress.getByName(h.startsWith("[") ? h.substring(1, h.length() - 1) : h));
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return true;
    }

    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            // fc00::/7 unique local; ::ffff:0:0/96 mapped IPv4 is unwrapped by InetAddress already
            return (b[0] & 0xfe) != 0xfc;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        // 0.0.0.0/8, 100.64.0.0/10 (carrier-grade NAT), 192.0.0.0/24, 198.18.0.0/15 (benchmarking), 240.0.0.0/4
        return first != 0 && !(first == 100 && second >= 64 && second < 128)
                && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)
                && !(first == 198 && (second == 18 || second == 19)) && first < 240;
    }
}
