package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.log.Log;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs a JSON document to a user's {@code callback_url}. The URL is the user's, so it is treated as hostile:
 * http(s) only, no user info, no redirects followed, short timeouts, and (unless the deployment allows it, as the
 * local stack does) no host that resolves to a loopback, private, link-local, carrier-grade NAT, multicast or
 * unspecified address, nor an IPv6 form carrying such an IPv4 address ({@link CallbackAddresses}), so a callback
 * cannot be used to reach the deployment's own network. One retry after a network error or a 5xx/429; never throws.
 *
 * <p>The name is resolved once per callback and the connection goes to an address that was checked
 * ({@link PinnedHttpPost}), so a name whose answer changes between the check and the connection (DNS rebinding)
 * reaches nothing new.
 */
public final class CallbackSender {
    /** What became of one callback. */
    public enum Outcome { DELIVERED, REFUSED_URL, FAILED }

    /** Name resolution, replaceable in tests (a resolver that changes its answer). */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A callback URL that may be called, and the checked addresses of its host, in the resolver's order. */
    record Target(URI uri, List<InetAddress> addresses) {
    }

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int ATTEMPTS = 2;

    private final boolean allowPrivateHosts;
    private final Resolver resolver;
    private final PinnedHttpPost http;

    /**
     * Whether the deployment lets callbacks reach private hosts ({@code CALLBACK_ALLOW_PRIVATE_HOSTS}, the local
     * stack).
     */
    public static boolean allowPrivateHosts(Env env) {
        return Boolean.parseBoolean(env.getOrDefault("CALLBACK_ALLOW_PRIVATE_HOSTS", "false"));
    }

    public CallbackSender(boolean allowPrivateHosts) {
        this(allowPrivateHosts, InetAddress::getAllByName, PinnedHttpPost.defaultTls());
    }

    CallbackSender(boolean allowPrivateHosts, Resolver resolver, SSLContext tls) {
        this.allowPrivateHosts = allowPrivateHosts;
        this.resolver = resolver;
        this.http = new PinnedHttpPost(CONNECT_TIMEOUT, REQUEST_TIMEOUT, tls);
    }

    public Outcome send(String url, String eventId, String json) {
        return send(url, eventId, json, Map::of);
    }

    /**
     * As above, with the headers {@code signed} makes (the signature) added to the request; asked only for a URL
     * that may be called.
     */
    public Outcome send(String url, String eventId, String json,
                        java.util.function.Supplier<Map<String, String>> signed) {
        Optional<Target> target = allowed(url);
        if (target.isEmpty()) {
            Log.warn("callback_refused", "event_id", eventId, "reason", "url_not_allowed");
            return Outcome.REFUSED_URL;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "Arkenos-Callback/1");
        headers.put("x-arkenos-event-id", eventId);
        headers.putAll(signed.get());
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String last = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                int status = post(target.get(), headers, body);
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
            }
        }
        Log.warn("callback_failed", "event_id", eventId, "error", last);
        return Outcome.FAILED;
    }

    /** To the first checked address that takes the connection (a host may list several; all were checked). */
    private int post(Target target, Map<String, String> headers, byte[] body) throws IOException {
        IOException last = null;
        for (InetAddress a : target.addresses()) {
            try {
                return http.post(target.uri(), a, headers, body);
            } catch (java.net.ConnectException | java.net.NoRouteToHostException e) {
                last = e;
            }
        }
        throw last == null ? new IOException("no address") : last;
    }

    /** The URL and its checked addresses when it may be called: http(s), a host, no user info, public addresses. */
    Optional<Target> allowed(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        String host = uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        if (addresses == null || addresses.length == 0) {
            return Optional.empty();
        }
        for (InetAddress a : addresses) {
            if (!allowPrivateHosts && !isPublic(a)) {
                return Optional.empty();
            }
        }
        return Optional.of(new Target(uri, List.of(addresses)));
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
        return CallbackAddresses.isPublic(a);
    }
}
