package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.auth.CallbackSigning;
import com.arkenos.telephony.core.log.Log;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Delivers one stream batch's callbacks so that one receiver cannot hold back another's: callbacks are grouped by
 * receiver (the URL's host and port), each receiver's in order on its own lane, the lanes in parallel. A lane stops
 * starting deliveries once it has spent {@link #RECEIVER_BUDGET}; what it did not send is logged and dropped
 * (callbacks are best effort, and retrying the batch would send the other receivers theirs again). So another
 * receiver's callback waits for its own lane only: a slow or dead receiver costs the others nothing.
 *
 * <p>Each delivery is signed for the call's owner ({@link CallbackSigning}).
 */
public final class CallbackDeliveries {
    /** A lane's time; a delivery started inside it may take its own two attempts (3 s connect + 5 s answer each). */
    static final Duration RECEIVER_BUDGET = Duration.ofSeconds(10);
    /** More than a batch (10 records) can name receivers. */
    private static final int LANES = 16;
    private static volatile ExecutorService pool;

    private final CallbackSender sender;
    private final CallbackSigning signing;

    public CallbackDeliveries(CallbackSender sender, CallbackSigning signing) {
        this.sender = sender;
        this.signing = signing;
    }

    /** Sends every notification; answers how many ended which way. Never throws for a receiver's failure. */
    public Map<String, Integer> deliver(List<CallStatusNotification> notifications) {
        Map<String, List<CallStatusNotification>> lanes = new LinkedHashMap<>();
        notifications.forEach(n -> lanes.computeIfAbsent(receiver(n.url()), k -> new ArrayList<>()).add(n));
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        List<Future<?>> running = new ArrayList<>();
        for (List<CallStatusNotification> lane : lanes.values()) {
            running.add(pool().submit(() -> deliverLane(lane, counts)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Log.warn("callback_lane_failed", "error", e.getCause().getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new LinkedHashMap<>(counts);
    }

    private void deliverLane(List<CallStatusNotification> lane, Map<String, Integer> counts) {
        long deadline = System.nanoTime() + RECEIVER_BUDGET.toNanos();
        for (CallStatusNotification n : lane) {
            String outcome;
            if (System.nanoTime() > deadline) {
                Log.warn("callback_skipped", "event_id", n.eventId(), "reason", "receiver_budget_spent");
                outcome = "skipped";
            } else {
                try {
                    outcome = sender.send(n.url(), n.eventId(), n.body(), () -> signed(n))
                            .name().toLowerCase(Locale.ROOT);
                } catch (RuntimeException e) {
                    // No signing key (a deployment without its secret): nothing unsigned is sent.
                    Log.warn("callback_failed", "event_id", n.eventId(), "error", e.getClass().getSimpleName());
                    outcome = "failed";
                }
            }
            counts.merge(outcome, 1, Integer::sum);
        }
    }

    private Map<String, String> signed(CallStatusNotification n) {
        long timestamp = System.currentTimeMillis() / 1000;
        return Map.of(CallbackSigning.TIMESTAMP_HEADER, Long.toString(timestamp),
                CallbackSigning.SIGNATURE_HEADER, signing.signature(n.owner(), timestamp, n.body()));
    }

    /** The host and port a URL reaches; a URL that does not parse is its own receiver (it is refused anyway). */
    static String receiver(String url) {
        try {
            URI u = URI.create(url);
            return (u.getHost() == null ? url : u.getHost().toLowerCase(Locale.ROOT)) + ":" + u.getPort();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (CallbackDeliveries.class) {
                if (pool == null) {
                    pool = Executors.newFixedThreadPool(LANES, r -> {
                        Thread t = new Thread(r, "callback-lane");
                        t.setDaemon(true);
                        return t;
                    });
                }
                p = pool;
            }
        }
        return p;
    }
}
