package com.arkenos.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Counts every AWS API call made in this JVM, per service and operation ({@code DynamoDB.GetItem}), and every HTTP
 * attempt (retries included). The AWS SDK loads it into every client it builds because the harness lists it in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}; the functions' code is not touched.
 * The harness's own reads (seeding, polling for a state machine's end) run inside {@link #quietly} and are not
 * counted.
 */
public final class AwsCallCounter implements ExecutionInterceptor {
    private static final Map<String, AtomicLong> CALLS = new ConcurrentHashMap<>();
    private static final AtomicLong ATTEMPTS = new AtomicLong();
    private static final ThreadLocal<Boolean> QUIET = ThreadLocal.withInitial(() -> false);

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!QUIET.get() && !streamReader(attributes)) {
            String key = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                    + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            CALLS.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!QUIET.get() && !streamReader(attributes)) {
            ATTEMPTS.incrementAndGet();
        }
    }

    /**
     * DynamoDB Streams reads are the local stack's stand-in for Lambda's event source mapping (it polls the calls
     * table's stream all the time), not calls any function makes: not counted.
     */
    private static boolean streamReader(ExecutionAttributes attributes) {
        String service = String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
        return service.replace(" ", "").toLowerCase(java.util.Locale.ROOT).contains("dynamodbstreams");
    }

    public static void reset() {
        CALLS.clear();
        ATTEMPTS.set(0);
    }

    /** A copy of the counts, by {@code Service.Operation}. */
    public static Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        CALLS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Whether this thread's AWS calls are counted now (not inside {@link #quietly}). */
    static boolean counting() {
        return !QUIET.get();
    }

    public static long attempts() {
        return ATTEMPTS.get();
    }

    public static long total() {
        return CALLS.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Runs {@code work} on this thread without counting its AWS calls (the harness's own reads and writes). */
    public static <T> T quietly(Supplier<T> work) {
        boolean before = QUIET.get();
        QUIET.set(true);
        try {
            return work.get();
        } finally {
            QUIET.set(before);
        }
    }

    public static void quietly(Runnable work) {
        quietly(() -> {
            work.run();
            return null;
        });
    }
}
