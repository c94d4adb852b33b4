package com.arkenos.telephony.core;

import java.util.Map;
import java.util.Optional;

/**
 * The environment a function runs in. In Lambda it is the process environment; the local runtime and the tests
 * hand each function the variables the template gives it, so that many functions can share one JVM.
 */
@FunctionalInterface
public interface Env {
    /** The value of {@code name}, or null when it is unset. */
    String get(String name);

    static Env system() {
        return System::getenv;
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
