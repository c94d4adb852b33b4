package com.arkenos.telephony.core;

import java.util.function.Supplier;

/**
 * A value that stands in for the usual one while a piece of code runs on this thread: the environment a host (the
 * local runtime, a test, SnapStart priming's copies) builds a function in ({@link Env#hosting}).
 */
public final class Scoped<T> {
    private final ThreadLocal<T> current = new ThreadLocal<>();

    /** The value in scope, or {@code usual}'s when none is. */
    public T orElseGet(Supplier<T> usual) {
        T scoped = current.get();
        return scoped != null ? scoped : usual.get();
    }

    /** Runs {@code body} with {@code value} in scope, and puts back what was in scope before. */
    public <R> R with(T value, Supplier<R> body) {
        T before = current.get();
        current.set(value);
        try {
            return body.get();
        } finally {
            if (before == null) {
                current.remove();
            } else {
                current.set(before);
            }
        }
    }
}
