package com.arkenos.telephony.core.snapstart;

/**
 * Primes one kind of handler before its SnapStart snapshot: serves the handler's representative requests through a
 * copy of it that stand-ins answer, so the classes those requests need are loaded and compiled in the snapshot.
 *
 * <p>The primer ({@code functions/priming}'s {@code TapePrimer}, which replays the function's recorded sample events)
 * is found with {@link java.util.ServiceLoader} ({@code META-INF/services/com.arkenos.telephony.core.snapstart.Primer})
 * in the jars that include it; handlers and services never name it, and a jar without one (the lookup's) is simply not
 * primed beyond {@link SnapStart}'s own warm-up.
 */
public interface Primer {
    /**
     * Serves the representative requests of {@code handler} through a copy
     * of it built on stand-ins; may throw (it is logged). The handler itself is only read (what it is deployed for).
     */
    void prime(Object handler) throws Exception;
}
