package com.arkenos.devkit.twilio;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Twilio SIDs: a two-letter prefix and 32 hex digits. They are derived from the account and a per-prefix counter,
 * so a fresh sandbox hands out the same SIDs in the same order every run, which keeps local runs reproducible.
 */
final class Sids {
    private final String seed;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    Sids(String seed) {
        this.seed = seed;
    }

    String next(String prefix) {
        long n = counters.computeIfAbsent(prefix, p -> new AtomicLong()).incrementAndGet();
        return prefix + hex32(seed + ':' + prefix + ':' + n);
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
