package com.arkenos.telephony.core.log;

import com.arkenos.telephony.core.http.JsonTrees;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Structured JSON log lines on standard output, which Lambda sends to CloudWatch. Callers pass fields, never
 * request bodies or credentials. Extra sinks let tests read every line that was written.
 */
public final class Log {
    private static final List<Consumer<String>> SINKS = new CopyOnWriteArrayList<>();
    private static volatile boolean stdout = !"false".equals(System.getProperty("arkenos.log.stdout"));

    private Log() {
    }

    public static void info(String event, Object... keyValues) {
        write("INFO", event, null, keyValues);
    }

    public static void warn(String event, Object... keyValues) {
        write("WARN", event, null, keyValues);
    }

    public static void error(String event, Throwable t, Object... keyValues) {
        write("ERROR", event, t, keyValues);
    }

    public static void addSink(Consumer<String> sink) {
        SINKS.add(sink);
    }

    public static void removeSink(Consumer<String> sink) {
        SINKS.remove(sink);
    }

    /** Turns the copy on standard output off or on (the local runtime keeps its console readable). */
    public static void stdout(boolean enabled) {
        stdout = enabled;
    }

    private static void write(String level, String event, Throwable t, Object[] kv) {
        ObjectNode line = JsonTrees.object();
        line.put("ts", Instant.now().toString());
        line.put("level", level);
        line.put("event", event);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            Object v = kv[i + 1];
            if (v == null) {
                line.putNull(String.valueOf(kv[i]));
            } else if (v instanceof Integer || v instanceof Long) {
                line.put(String.valueOf(kv[i]), ((Number) v).longValue());
            } else if (v instanceof Number n) {
                line.put(String.valueOf(kv[i]), n.doubleValue());
            } else if (v instanceof Boolean b) {
                line.put(String.valueOf(kv[i]), b);
            } else {
                line.put(String.valueOf(kv[i]), String.valueOf(v));
            }
        }
        if (t != null) {
            line.put("error", t.getClass().getName());
            line.put("error_message", String.valueOf(t.getMessage()));
        }
        String text = JsonTrees.write(line);
        if (stdout) {
            System.out.println(text);
        }
        for (Consumer<String> sink : SINKS) {
            sink.accept(text);
        }
    }
}
