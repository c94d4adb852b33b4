package com.arkenos.telephony.core;

import java.util.function.Supplier;

/**
 * The environment {@link Env#hosting} installs for the function being built on this thread: a host that runs many
 * functions in one JVM (the local runtime, a test, SnapStart priming's copies) builds each inside it.
 */
final class HostedEnv {
    private static final ThreadLocal<Env> CURRENT = new ThreadLocal<>();

    private HostedEnv() {
    }

    /** The environment a host installed on this thread, or the process's when none is. */
    static Env current() {
        Env hosted = CURRENT.get();
        return hosted != null ? hosted : System::getenv;
    }

    /** Runs {@code build} with {@code env} installed, and puts back what was installed before. */
    static <T> T with(Env env, Supplier<T> build) {
        Env before = CURRENT.get();
        CURRENT.set(env);
        try {
            return build.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }
}
