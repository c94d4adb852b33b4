package com.arkenos.telephony.calls;

/**
 * Starts the step that dials a call and waits for the answer, without waiting for it: the HTTP request that
 * placed the call must answer long before a phone stops ringing.
 */
@FunctionalInterface
public interface DialLauncher {
    /** Hands the call to the dial step; throws when it could not be handed over. */
    void launch(String callId);

    /** Builds what the first launch needs without launching anything (see BackgroundWarmUp); by default nothing. */
    default void prepare() {
    }
}
