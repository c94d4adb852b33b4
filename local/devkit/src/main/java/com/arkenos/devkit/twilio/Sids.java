package com.arkenos.devkit.twilio;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Twilio SIDs: a two-letter prefix and 32 hex digits. They are derived from a seed and a per-prefix counter, so a
 * fresh in-memory sandbox hands out the same SIDs in the same order every run, which keeps local runs reproducible.
 * A sandbox that keeps its state saves the counters and a random seed of its own (see {@link TwilioState}), so its
 * SIDs never repeat across restarts, nor after its state file was deleted while other data kept the old SIDs.
 */
final class Sids {
    private final String seed;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    Sids(String seed) {
        this.seed = seed;
    }

    String seed() {
        return seed;
    }

    String next(String prefix) {
        long n = counters.computeIfAbsent(prefix, p -> new AtomicLong()).incrementAndGet();
        return prefix + hex32(seed + ':' + prefix + ':' + n);
    }

    /** The last number handed out per prefix. */
    Map<String, Long> counters() {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((prefix, n) -> copy.put(prefix, n.get()));
        return copy;
    }

    void restore(Map<String, Long> saved) {
        counters.clear();
        saved.forEach((prefix, n) -> counters.put(prefix, new AtomicLong(n)));
    }

    void reset() {
        counters.clear();
    }

    static String hex32(String input) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
