package com.arkenos.telephony.core.snapstart;

import com.arkenos.telephony.core.log.Log;

/**
 * Work a function's first request will need that reads nothing and writes nothing (loading and initialising the
 * classes of a request path: protobuf descriptors, an SDK client's builder, a parser's metadata), started on a
 * daemon thread while the function is built. The init phase runs on one thread and most of its time is class
 * loading, so on a second core this overlaps with it instead of adding to the first request. If the request
 * comes first, it waits on the same class initialisation locks and does no more work than without this.
 *
 * <p>Priming copies start none: priming runs their real requests anyway.
 */
public final class BackgroundWarmUp {
    private BackgroundWarmUp() {
    }

    /** Starts {@code work} on a daemon thread, unless priming; a failure is logged and costs only the warm-up. */
    public static void start(String function, SnapStart.WarmUp work) {
        if (SnapStart.priming()) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Exception | LinkageError e) {
                Log.warn("background_warm_up_failed", "function", function, "error", e.getClass().getName());
            }
        }, "warm-up-" + function);
        thread.setDaemon(true);
        thread.start();
    }
}
