package com.arkenos.telephony.core;

import java.util.Map;
import java.util.Optional;

/**
 * The environment a function runs in. In Lambda it is the process environment; a host that runs many functions in
 * one JVM (the local runtime, the tests) builds each function inside {@link #hosting}, so that the function's
 * no-arg constructor, the one Lambda calls, reads the variables the template gives that function.
 */
@FunctionalInterface
public interface Env {
    /** The value of {@code name}, or null when it is unset. */
    String get(String name);

    /** The process environment, or the one a host installed with {@link #hosting} while it builds a function. */
    static Env system() {
        return HostedEnv.current();
    }

    /** Builds a function (or anything that reads {@link #system()}) as if {@code env} were its process's. */
    static <T> T hosting(Env env, java.util.function.Supplier<T> build) {
        return HostedEnv.with(env, build);
    }

    static Env of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return copy::get;
    }

    default Optional<String> find(String name) {
        String v = get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    default String getOrDefault(String name, String fallback) {
        return find(name).orElse(fallback);
    }

    /** The value of {@code name}; a deployment mistake (not a user error) when it is missing. */
    default String require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("environment variable " + name + " is not set"));
    }

    default int intValue(String name, int fallback) {
        return find(name).map(Integer::parseInt).orElse(fallback);
    }

    /** A view where {@code overrides} win over this environment. */
    default Env with(Map<String, String> overrides) {
        Map<String, String> copy = Map.copyOf(overrides);
        return name -> copy.containsKey(name) ? copy.get(name) : get(name);
    }
}
