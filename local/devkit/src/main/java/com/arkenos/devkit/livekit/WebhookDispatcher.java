package com.arkenos.devkit.livekit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.livekit.server.AccessToken;
import livekit.LivekitWebhook.WebhookEvent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Sends LiveKit webhooks as LiveKit's URL notifier does (livekit/protocol webhook/url_notifier.go): the event as
 * protojson (lowerCamelCase JSON names, unpopulated fields omitted), {@code Content-Type: application/webhook+json},
 * and an {@code Authorization} header holding a bare JWT (no {@code Bearer}) signed with the API key and secret whose
 * {@code sha256} claim is the base64 SHA-256 of the body. Delivery is asynchronous and in emission order.
 */
final class WebhookDispatcher implements AutoCloseable {
    static final String CONTENT_TYPE = "application/webhook+json";
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final long TOKEN_TTL_MILLIS = Duration.ofMinutes(5).toMillis();

    private final String apiKey;
    private final String apiSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "livekit-sandbox-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final List<WebhookEvent> events = new CopyOnWriteArrayList<>();
    private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
    private final Object pendingLock = new Object();
    private int pending;
    private volatile String url;

    WebhookDispatcher(String apiKey, String apiSecret) {
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
    }

    void url(String url) {
        this.url = url;
    }

    /** Records the event and, when a URL is set, queues its delivery. Never blocks the caller. */
    void emit(WebhookEvent event) {
        events.add(event);
        String target = url;
        if (target == null) {
            return;
        }
        synchronized (pendingLock) {
            pending++;
        }
        sender.execute(() -> {
            try {
                deliveries.add(deliver(target, event));
            } finally {
                synchronized (pendingLock) {
                    pending--;
                    pendingLock.notifyAll();
                }
            }
        });
    }

    /** Waits until every queued webhook has been sent; false if some are still pending at the timeout. */
    boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (pendingLock) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(pendingLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** The {@code Authorization} value LiveKit would send with {@code body}. */
    String sign(String body) {
        AccessToken token = new AccessToken(apiKey, apiSecret);
        token.setTtl(TOKEN_TTL_MILLIS);
        token.setSha256(Base64.getEncoder().encodeToString(sha256(body.getBytes(StandardCharsets.UTF_8))));
        return token.toJwt();
    }

    static String toJson(WebhookEvent event) {
        try {
            return PRINTER.print(event);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print webhook event", e);
        }
    }

    List<WebhookEvent> events() {
        return List.copyOf(events);
    }

    List<WebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    void clear() {
        events.clear();
        deliveries.clear();
    }

    private WebhookDelivery deliver(String target, WebhookEvent event) {
        String body = toJson(event);
        String authorization = sign(body);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(target))
                    .timeout(Duration.ofSeconds(5))
                    .header("Authorization", authorization)
                    .header("Content-Type", CONTENT_TYPE)
                    .header("User-Agent", "LiveKit")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return new WebhookDelivery(event.getEvent(), event.getId(), body, authorization, response.statusCode(),
                    null);
        } catch (java.io.IOException e) {
            return new WebhookDelivery(event.getEvent(), event.getId(), body, authorization, -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookDelivery(event.getEvent(), event.getId(), body, authorization, -1, "interrupted");
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
