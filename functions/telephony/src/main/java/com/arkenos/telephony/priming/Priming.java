package com.arkenos.telephony.priming;

import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.log.Log;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming for the handlers that are not {@link HttpFunction}s (the dial step and the state machine steps),
 * done the way {@link HttpFunction} does it: the handler registers itself as a CRaC {@link Resource}, and before the
 * snapshot it runs its request path once against a {@link PrimingStage}, a copy of its wiring whose every client
 * answers from a loopback stand-in. Priming never throws and reaches no network; a failed priming only costs the first
 * request its warm-up.
 */
public final class Priming {
    /** Set while priming: the copies of a handler that priming builds do not register themselves. */
    private static final ThreadLocal<Boolean> ACTIVE = ThreadLocal.withInitial(() -> false);

    private Priming() {
    }

    /** What a handler does to prime itself. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /**
     * Registers {@code handler} for the checkpoint, unless it is a copy built while priming. A runtime without CRaC
     * support answers with a context that never checkpoints; registering never fails the handler's construction.
     */
    public static void register(Resource handler) {
        if (ACTIVE.get()) {
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
    public static boolean active() {
        return ACTIVE.get();
    }

    /**
     * Runs {@code body} as the priming of {@code handler}, then warms the TLS stack (every real endpoint is HTTPS);
     * logs {@code primed} or {@code priming_failed}. Never throws.
     */
    public static void run(Object handler, Body body) {
        long start = System.nanoTime();
        boolean before = ACTIVE.get();
        ACTIVE.set(true);
        String name = handler.getClass().getSimpleName();
        try {
            body.run();
            HttpFunction.primeTls();
            Log.info("primed", "function", name, "ms", (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | LinkageError e) {
            Log.warn("priming_failed", "function", name, "error", e.getClass().getName(),
                    "message", String.valueOf(e.getMessage()));
        } finally {
            ACTIVE.set(before);
        }
    }
}
