package com.arkenos.telephony.core.log;

import com.amazonaws.services.lambda.runtime.Context;
import com.arkenos.telephony.core.http.JsonTrees;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Structured JSON log lines on standard output, which Lambda sends to CloudWatch. Callers pass fields, never
 * request bodies or credentials. Extra sinks let tests read every line that was written.
 *
 * <p>The level: lines below the level the function runs with are not written (to standard output nor to the
 * sinks). It is read once, when this class is initialised, from {@code AWS_LAMBDA_LOG_LEVEL} (what Lambda sets from
 * the function's {@code LoggingConfig.ApplicationLogLevel}, so the code drops exactly what Lambda would drop), else
 * {@code LOG_LEVEL}, else INFO. Lambda's JSON log format also filters stdout lines by their {@code level} key; doing
 * it here too means a filtered line costs no JSON writing, and the local stack behaves the same.
 *
 * <p>Every line also carries {@code function_version} ({@code AWS_LAMBDA_FUNCTION_VERSION}, when set),
 * {@code cold_start} (true during the container's initialisation and its first invocation, see
 * {@link #invocationStarted(Context)} and {@link #restored()}), {@code request_id} (the invocation's) and
 * {@code xray_trace_id} (the Root of the invocation's X-Ray trace header, when there is one). Reading them costs
 * three lookups per line and no library.
 */
public final class Log {
    // Lambda's ApplicationLogLevel values, lowest first.
    static final String[] LEVELS = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
    private static final int DEBUG = 1;
    private static final int INFO = 2;
    private static final int WARN = 3;
    private static final int ERROR = 4;

    private static final int THRESHOLD = threshold(System.getenv("AWS_LAMBDA_LOG_LEVEL"), System.getenv("LOG_LEVEL"));
    private static final String FUNCTION_VERSION = System.getenv("AWS_LAMBDA_FUNCTION_VERSION");
    /** Lambda's Java runtime sets this system property to the trace header of each invocation. */
    static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    static final String TRACE_ID_NAME = "_X_AMZN_TRACE_ID";

    private static final java.util.Set<String> RESERVED = java.util.Set.of("ts", "level", "event");
    private static final List<Consumer<String>> SINKS = new CopyOnWriteArrayList<>();
    private static volatile boolean stdout = !"false".equals(System.getProperty("arkenos.log.stdout"));
    // A Lambda container serves one invocation at a time; volatile is enough for the local stack's threads.
    private static volatile boolean invoked;
    private static volatile boolean coldStart = true;
    // Per thread, because the local stack serves several functions' invocations at once in one JVM.
    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();

    private Log() {
    }

    public static void debug(String event, Object... keyValues) {
        if (THRESHOLD <= DEBUG) {
            write(DEBUG, event, null, keyValues);
        }
    }

    public static void info(String event, Object... keyValues) {
        if (THRESHOLD <= INFO) {
            write(INFO, event, null, keyValues);
        }
    }

    public static void warn(String event, Object... keyValues) {
        if (THRESHOLD <= WARN) {
            write(WARN, event, null, keyValues);
        }
    }

    public static void error(String event, Throwable t, Object... keyValues) {
        if (THRESHOLD <= ERROR) {
            write(ERROR, event, t, keyValues);
        }
    }

    /** The level this JVM logs at (TRACE ... FATAL), as read at class initialisation. */
    public static String level() {
        return LEVELS[THRESHOLD];
    }

    /** Whether lines of {@code level} (TRACE ... FATAL, any case) are written. */
    public static boolean enabled(String level) {
        int l = indexOf(level);
        return l >= 0 && l >= THRESHOLD;
    }

    /**
     * Called by every handler when an invocation starts: the first one of the container keeps {@code cold_start}
     * true for its lines, every later one turns it false; the lines carry the invocation's {@code request_id}.
     */
    public static void invocationStarted(Context context) {
        invocationStarted(context == null ? null : context.getAwsRequestId());
    }

    /** As {@link #invocationStarted(Context)}; this thread's lines carry {@code request_id} until the next call. */
    static void invocationStarted(String requestId) {
        coldStart = !invoked;
        invoked = true;
        if (requestId == null || requestId.isEmpty()) {
            REQUEST_ID.remove();
        } else {
            REQUEST_ID.set(requestId);
        }
    }

    /**
     * {@code work} as a task whose lines carry this thread's {@code request_id} on whatever thread runs it: for the
     * part of an invocation run on a second thread.
     */
    public static <T> java.util.function.Supplier<T> inThisInvocation(java.util.function.Supplier<T> work) {
        String requestId = REQUEST_ID.get();
        return () -> {
            if (requestId != null) {
                REQUEST_ID.set(requestId);
            }
            try {
                return work.get();
            } finally {
                REQUEST_ID.remove();
            }
        };
    }

    /**
     * Called after a SnapStart restore: the restored container's first invocation is its cold start again, although
     * priming served requests before the snapshot was taken.
     */
    public static void restored() {
        invoked = false;
        coldStart = true;
    }

    /** Whether lines written now carry {@code cold_start: true}. */
    public static boolean coldStart() {
        return coldStart;
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

    /** The level index of {@code awsLevel}, else of {@code logLevel}, else INFO; unknown names count as unset. */
    static int threshold(String awsLevel, String logLevel) {
        int l = indexOf(awsLevel);
        if (l < 0) {
            l = indexOf(logLevel);
        }
        return l < 0 ? INFO : l;
    }

    private static int indexOf(String level) {
        if (level == null) {
            return -1;
        }
        String name = level.trim().toUpperCase(Locale.ROOT);
        if (name.equals("WARNING")) {
            return WARN;
        }
        for (int i = 0; i < LEVELS.length; i++) {
            if (LEVELS[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The Root of the X-Ray trace header ({@code Root=1-...;Parent=...;Sampled=1}): the runtime's per-invocation
     * system property first, then {@code _X_AMZN_TRACE_ID} as a system property or environment variable.
     */
    static String traceId() {
        String header = System.getProperty(TRACE_HEADER_PROPERTY);
        if (header == null || header.isEmpty()) {
            header = System.getProperty(TRACE_ID_NAME);
        }
        if (header == null || header.isEmpty()) {
            header = System.getenv(TRACE_ID_NAME);
        }
        return rootOf(header);
    }

    static String rootOf(String header) {
        if (header == null || header.isEmpty()) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith("Root=")) {
                return p.substring(5);
            }
        }
        // A bare id (no key=value pairs) is the trace id itself.
        return header.indexOf('=') < 0 ? header.trim() : null;
    }

    private static void write(int level, String event, Throwable t, Object[] kv) {
        ObjectNode line = JsonTrees.object();
        line.put("ts", Instant.now().toString());
        line.put("level", LEVELS[level]);
        line.put("event", event);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            String key = String.valueOf(kv[i]);
            // A field named like the line's own keys would overwrite them (a webhook's "event" hid the line's).
            put(line, RESERVED.contains(key) ? "field_" + key : key, kv[i + 1]);
        }
        if (t != null) {
            line.put("error", t.getClass().getName());
            line.put("error_message", String.valueOf(t.getMessage()));
        }
        putContext(line);
        emit(JsonTrees.write(line));
    }

    static void put(ObjectNode line, String key, Object v) {
        if (v == null) {
            line.putNull(key);
        } else if (v instanceof Integer || v instanceof Long) {
            line.put(key, ((Number) v).longValue());
        } else if (v instanceof Number n) {
            line.put(key, n.doubleValue());
        } else if (v instanceof Boolean b) {
            line.put(key, b);
        } else {
            line.put(key, String.valueOf(v));
        }
    }

    /** The invocation's context every line carries: function version, cold start, request id, X-Ray trace id. */
    static void putContext(ObjectNode line) {
        if (FUNCTION_VERSION != null) {
            line.put("function_version", FUNCTION_VERSION);
        }
        line.put("cold_start", coldStart);
        String requestId = REQUEST_ID.get();
        if (requestId != null) {
            line.put("request_id", requestId);
        }
        String trace = traceId();
        if (trace != null) {
            line.put("xray_trace_id", trace);
        }
    }

    /** One finished line to standard output and to every sink (log lines and metric documents alike). */
    static void emit(String text) {
        if (stdout) {
            System.out.println(text);
        }
        for (Consumer<String> sink : SINKS) {
            sink.accept(text);
        }
    }
}
