package com.arkenos.telephony.core.snapstart;

import com.arkenos.telephony.core.log.Log;
import org.crac.Core;
import org.crac.Resource;

import java.util.ServiceLoader;

/**
 * SnapStart for every handler: a handler registers itself when constructed; before the snapshot its own warm-up runs
 * (what needs no storage), then the {@link Primer}s of its jar that know it, then the TLS stack is warmed. Priming
 * never throws and reaches no network; a failed priming only costs the first request after a restore its warm-up.
 */
public final class SnapStart {
    /** Set while priming: the copies of a handler that priming builds do not register themselves. */
    private static final ThreadLocal<Boolean> PRIMING = ThreadLocal.withInitial(() -> false);

    private SnapStart() {
    }

    /** What a handler itself does before the snapshot (parse, route and answer a request that reads nothing). */
    @FunctionalInterface
    public interface WarmUp {
        void run() throws Exception;
    }

    /**
     * Registers {@code handler} for the checkpoint, unless it is a copy built while priming. A runtime without CRaC
     * support answers with a context that never checkpoints; registering never fails the handler's construction.
     */
    public static void register(Resource handler) {
        if (PRIMING.get()) {
            return;
        }
        try {
            Core.getGlobalContext().register(handler);
        } catch (RuntimeException | LinkageError e) {
            Log.warn("priming_not_registered", "function", handler.getClass().getSimpleName(),
                    "error", e.getClass().getName());
        }
    }

    /** Whether the current thread is priming (a handler constructed now is a priming copy). */
    public static boolean priming() {
        return PRIMING.get();
    }

    /**
     * Builds what {@code build} builds as a priming copy is built (unregistered, starting no background warm-up, doing
     * its work on one thread): for the recorder of priming tapes, whose copy must make the requests, in the order,
     * that the priming copy will.
     */
    public static <T> T buildPrimingCopy(java.util.function.Supplier<T> build) {
        boolean before = PRIMING.get();
        PRIMING.set(true);
        try {
            return build.get();
        } finally {
            PRIMING.set(before);
        }
    }

    /** Primes {@code handler} as its snapshot would; logs {@code primed} or {@code priming_failed}. */
    public static void prime(Object handler, WarmUp warmUp) {
        Class<?> handlerType = handler.getClass();
        long start = System.nanoTime();
        boolean before = PRIMING.get();
        PRIMING.set(true);
        String name = handlerType.getSimpleName();
        try {
            int preloaded = preload(handlerType.getClassLoader());
            if (preloaded > 0) {
                Log.info("preloaded", "function", name, "classes", preloaded);
            }
            warmUp.run();
            for (Primer primer : ServiceLoader.load(Primer.class, handlerType.getClassLoader())) {
                primer.prime(handler);
            }
            primeTls();
            Log.info("primed", "function", name, "ms", (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | LinkageError | java.util.ServiceConfigurationError e) {
            Log.warn("priming_failed", "function", name, "error", e.getClass().getName(),
                    "message", String.valueOf(e.getMessage()));
        } finally {
            PRIMING.set(before);
        }
    }

    /** The list of classes a jar asks to have loaded and initialised before its snapshot. */
    static final String PRELOAD_LIST = "META-INF/snapstart/preload-classes.txt";

    /**
     * Loads and initialises the classes the jar's {@value #PRELOAD_LIST} names (one per line, {@code #} comments), as
     * Powertools' ClassPreLoader does: a jar without a primer (the lookup's, which carries no stand-in) still has its
     * request path's classes in the snapshot. A class that cannot be loaded is skipped. Returns how many were.
     */
    static int preload(ClassLoader loader) {
        int loaded = 0;
        try {
            java.util.Enumeration<java.net.URL> lists = loader.getResources(PRELOAD_LIST);
            while (lists.hasMoreElements()) {
                try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        lists.nextElement().openStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        String name = line.strip();
                        if (name.isEmpty() || name.startsWith("#")) {
                            continue;
                        }
                        try {
                            Class.forName(name, true, loader);
                            loaded++;
                        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                            // gone since the list was made, or not loadable by name: only a little warm-up lost
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            Log.warn("preload_failed", "error", e.getClass().getName());
        }
        return loaded;
    }

    /**
     * AWS endpoints are HTTPS: loads the trust store and the TLS stack and writes a ClientHello into a buffer, so the
     * first request after a restore does not pay for them. No connection is made.
     */
    static void primeTls() {
        try {
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getDefault();
            javax.net.ssl.HttpsURLConnection.getDefaultSSLSocketFactory();
            javax.net.ssl.SSLEngine engine = tls.createSSLEngine("dynamodb.us-east-1.amazonaws.com", 443);
            engine.setUseClientMode(true);
            engine.beginHandshake();
            java.nio.ByteBuffer hello = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(java.nio.ByteBuffer.allocate(0), hello);
            engine.closeOutbound();
        } catch (Exception e) {
            Log.warn("priming_tls_failed", "error", e.getClass().getName());
        }
    }
}
