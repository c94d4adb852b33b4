package com.arkenos.devkit.faults;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-operation call counters, injected faults and delays, shared by the sandboxes.
 * Operation names are the sandbox's own (for example {@code IncomingPhoneNumbers.create} or
 * {@code SIP.CreateSIPInboundTrunk}).
 */
public final class FaultPlan {
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, Pending> faults = new ConcurrentHashMap<>();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();
    private volatile long timeoutHoldMillis = 15_000;

    private record Pending(Fault fault, int remaining) {}

    /** Records one call of {@code operation} and returns the fault it must suffer, if one is pending. */
    public Optional<Fault> onCall(String operation) {
        calls.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        Long delay = delays.get(operation);
        if (delay != null && delay > 0) {
            sleep(delay);
        }
        Fault[] chosen = new Fault[1];
        faults.computeIfPresent(operation, (k, p) -> {
            chosen[0] = p.fault();
            return p.remaining() <= 1 ? null : new Pending(p.fault(), p.remaining() - 1);
        });
        return Optional.ofNullable(chosen[0]);
    }

    /** The next {@code times} calls of {@code operation} fail with {@code fault}. */
    public void failNext(String operation, int times, Fault fault) {
        if (times <= 0) {
            faults.remove(operation);
        } else {
            faults.put(operation, new Pending(fault, times));
        }
    }

    /** Every call of {@code operation} is held {@code millis} before it is served. */
    public void delay(String operation, long millis) {
        delays.put(operation, millis);
    }

    /** How long a {@link Fault#TIMEOUT} holds the request before dropping the connection. */
    public void timeoutHoldMillis(long millis) {
        this.timeoutHoldMillis = millis;
    }

    public long timeoutHoldMillis() {
        return timeoutHoldMillis;
    }

    public long calls(String operation) {
        AtomicLong n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /** A copy of every operation's count. */
    public Map<String, Long> callCounts() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        calls.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public long totalCalls() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public void resetCounts() {
        calls.clear();
    }

    public void clearFaults() {
        faults.clear();
        delays.clear();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
