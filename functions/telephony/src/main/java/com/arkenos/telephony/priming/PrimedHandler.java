package com.arkenos.telephony.priming;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.arkenos.telephony.core.log.Log;
import org.crac.Resource;

/**
 * A stream handler that primes itself for SnapStart (see {@link Priming}): it registers itself as a CRaC
 * {@link Resource} when constructed (unless it is a priming copy), and before the snapshot runs
 * {@link #primeRequests()}, its request path against a {@link PrimingStage}.
 */
public abstract class PrimedHandler implements RequestStreamHandler, Resource {

    protected PrimedHandler() {
        Priming.register(this);
    }

    @Override
    public final void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to redo: priming opened no connection that could be stale. The restored container's first
        // invocation is its cold start, although priming served requests before the snapshot.
        Log.restored();
    }

    /** Runs {@link #primeRequests()} as this handler's priming; logs the outcome and never throws. */
    public final void prime() {
        Priming.run(this, this::primeRequests);
    }

    /** This handler's representative requests, served by a copy of it wired to a {@link PrimingStage}. */
    protected abstract void primeRequests() throws Exception;
}
