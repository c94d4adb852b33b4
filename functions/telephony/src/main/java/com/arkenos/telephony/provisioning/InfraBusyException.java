package com.arkenos.telephony.provisioning;

/**
 * Another execution is creating the same shared resource right now. Transient: the state machine retries the step,
 * which then finds the resource recorded.
 */
public final class InfraBusyException extends RuntimeException {
    public InfraBusyException(String resource) {
        super("another execution is creating " + resource + "; retrying");
    }
}
