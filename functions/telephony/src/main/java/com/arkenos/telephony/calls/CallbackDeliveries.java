package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.auth.CallbackSigning;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.core.log.Metric;

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
    /**
     * How long a batch waits for its lanes. A receiver that answers a byte at a time restarts the socket's read
     * timeout with each byte, so a lane is not bounded by its own budget alone; past this the batch answers without
     * it (its unsent callbacks count as {@code abandoned}), well inside the function's 60 s, so the batch is never
     * retried and nobody else's callbacks are sent twice.
     */
    static final Duration BATCH_BUDGET = RECEIVER_BUDGET.plusSeconds(16);
    /** More than a batch (10 records) can name receivers. */
    private static final int LANES = 16;
    private static volatile ExecutorService pool;

    private final CallbackSender sender;
    private final CallbackSigning signing;
    private final Duration receiverBudget;
    private final Duration batchBudget;

    public CallbackDeliveries(CallbackSender sender, CallbackSigning signing) {
        this(sender, signing, RECEIVER_BUDGET, BATCH_BUDGET);
    }

    /** With other budgets, for tests that must not wait the real ones. */
    CallbackDeliveries(CallbackSender sender, CallbackSigning signing, Duration receiverBudget, Duration batchBudget) {
        this.sender = sender;
        this.signing = signing;
        this.receiverBudget = receiverBudget;
        this.batchBudget = batchBudget;
    }

    /** Sends every notification; answers how many ended which way. Never throws for a receiver's failure. */
    public Map<String, Integer> deliver(List<CallStatusNotification> notifications) {
        Map<String, List<CallStatusNotification>> lanes = new LinkedHashMap<>();
        notifications.forEach(n -> lanes.computeIfAbsent(receiver(n.url()), k -> new ArrayList<>()).add(n));
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + batchBudget.toNanos();
        List<Future<?>> running = new ArrayList<>();
        List<java.util.concurrent.atomic.AtomicInteger> finished = new ArrayList<>();
        for (List<CallStatusNotification> lane : lanes.values()) {
            var done = new java.util.concurrent.atomic.AtomicInteger();
            finished.add(done);
            running.add(pool().submit(() -> deliverLane(lane, counts, done)));
        }
        int abandoned = 0;
        int i = 0;
        for (List<CallStatusNotification> lane : lanes.values()) {
            Future<?> f = running.get(i);
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                Log.warn("callback_lane_failed", "error", e.getCause().getClass().getSimpleName());
            } catch (java.util.concurrent.TimeoutException e) {
                int left = lane.size() - finished.get(i).get();
                abandoned += left;
                Log.warn("callback_lane_abandoned", "receiver", receiver(lane.get(0).url()), "callbacks", left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            i++;
        }
        Map<String, Integer> out = new LinkedHashMap<>(counts);
        if (abandoned > 0) {
            out.merge("abandoned", abandoned, Integer::sum);
        }
        // One figure per outcome of the batch: delivered, failed, refused_url, skipped, abandoned.
        out.forEach((outcome, n) -> Metric.of("CallbackDelivery", Metric.Unit.COUNT, n)
                .dimension("Outcome", outcome).emit());
        return out;
    }

    private void deliverLane(List<CallStatusNotification> lane, Map<String, Integer> counts,
                             java.util.concurrent.atomic.AtomicInteger done) {
        long deadline = System.nanoTime() + receiverBudget.toNanos();
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
            done.incrementAndGet();
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
