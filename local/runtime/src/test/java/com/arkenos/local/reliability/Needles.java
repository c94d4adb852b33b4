package com.arkenos.local.reliability;

import com.arkenos.telephony.core.log.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What must never leak, and where the suite looked for it. Every world registers its credentials (Twilio token and
 * basic-auth string, LiveKit secret, termination password, worker key) and every agent the suite creates registers
 * its system prompt. Every log line written while the suite runs ({@link Log#addSink}) is scanned for all of them;
 * every API response the suite receives is scanned for credentials (an owner may read their own agent's prompt).
 */
final class Needles {
    enum Channel { LOG, RESPONSE, DYNAMODB }

    record Hit(Channel channel, String kind, String where) {}

    static final String PROMPT_MARK = "PROMPT-";
    private static final Map<String, String> CREDENTIALS = new ConcurrentHashMap<>();
    private static final Map<String, String> PROMPTS = new ConcurrentHashMap<>();
    private static final ConcurrentLinkedQueue<Hit> HITS = new ConcurrentLinkedQueue<>();
    private static final AtomicLong LOG_LINES = new AtomicLong();
    private static final AtomicLong RESPONSES = new AtomicLong();
    private static final AtomicLong ITEMS = new AtomicLong();
    private static final Consumer<String> SINK = Needles::scanLogLine;
    private static volatile boolean installed;

    private Needles() {
    }

    static synchronized void install() {
        if (!installed) {
            Log.addSink(SINK);
            installed = true;
        }
    }

    static synchronized void uninstall() {
        if (installed) {
            Log.removeSink(SINK);
            installed = false;
        }
    }

    static void credential(String kind, String value) {
        CREDENTIALS.put(value, kind);
    }

    /** Registers a system prompt; it must start with {@link #PROMPT_MARK}. */
    static void prompt(String value) {
        if (!value.startsWith(PROMPT_MARK)) {
            throw new IllegalArgumentException("a registered prompt starts with " + PROMPT_MARK);
        }
        // The unique head (marker and UUID) is what is searched, so a truncated copy is found too.
        PROMPTS.put(value.substring(0, Math.min(value.length(), PROMPT_MARK.length() + 36)), "system prompt");
    }

    static int credentialCount() {
        return CREDENTIALS.size();
    }

    static int promptCount() {
        return PROMPTS.size();
    }

    private static void scanLogLine(String line) {
        LOG_LINES.incrementAndGet();
        CREDENTIALS.forEach((v, kind) -> {
            if (line.contains(v)) {
                HITS.add(new Hit(Channel.LOG, kind, excerpt(line, v)));
            }
        });
        if (line.contains(PROMPT_MARK)) { // every prompt the suite makes starts with it: one search for most lines
            PROMPTS.forEach((v, kind) -> {
                if (line.contains(v)) {
                    HITS.add(new Hit(Channel.LOG, kind, excerpt(line, v)));
                }
            });
        }
    }

    /** A response body the suite received; {@code where} names the request. */
    static void scanResponse(String where, String body) {
        RESPONSES.incrementAndGet();
        if (body == null) {
            return;
        }
        CREDENTIALS.forEach((v, kind) -> {
            if (body.contains(v)) {
                HITS.add(new Hit(Channel.RESPONSE, kind, where));
            }
        });
    }

    static void scanItem(String table, String item) {
        ITEMS.incrementAndGet();
        CREDENTIALS.forEach((v, kind) -> {
            if (item.contains(v)) {
                HITS.add(new Hit(Channel.DYNAMODB, kind, table));
            }
        });
    }

    /** True when {@code text} holds a registered system prompt (the positive control of the scanner). */
    static boolean holdsPrompt(String text) {
        return text != null && PROMPTS.keySet().stream().anyMatch(text::contains);
    }

    static List<Hit> hits() {
        return new ArrayList<>(HITS);
    }

    static long logLines() {
        return LOG_LINES.get();
    }

    static long responses() {
        return RESPONSES.get();
    }

    static long items() {
        return ITEMS.get();
    }

    private static String excerpt(String line, String secret) {
        String redacted = line.replace(secret, "<" + secret.length() + " chars>");
        return redacted.length() > 160 ? redacted.substring(0, 160) + "..." : redacted;
    }
}
