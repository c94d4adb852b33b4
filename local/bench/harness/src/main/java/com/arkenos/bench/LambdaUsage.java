package com.arkenos.bench;

import com.arkenos.local.FunctionHost;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Lambda invocations the local runtime hosts, per function: how many, and how many milliseconds they ran,
 * rounded up per invocation as Lambda bills them. Every invocation counts, whoever caused it (an HTTP request, a
 * state machine's task, the asynchronous dial, a webhook, a stream record).
 */
final class LambdaUsage {
    /** One function's invocations since the last reset. */
    record Use(long invocations, long billedMs) {}

    private final Map<String, AtomicLong[]> uses = new ConcurrentHashMap<>();

    void record(FunctionHost.Invocation i) {
        AtomicLong[] u = uses.computeIfAbsent(i.functionId(),
                k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
        u[0].incrementAndGet();
        u[1].addAndGet(Math.max(1, (i.nanos() + 999_999) / 1_000_000));
    }

    void reset() {
        uses.clear();
    }

    Map<String, Use> snapshot() {
        Map<String, Use> out = new TreeMap<>();
        uses.forEach((f, u) -> out.put(f, new Use(u[0].get(), u[1].get())));
        return out;
    }
}
