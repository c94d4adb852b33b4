package com.arkenos.telephony.core.snapstart;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.arkenos.telephony.core.log.Log;
import org.crac.Resource;

/**
 * Base of every handler: a stream handler (the Lambda runtime's reflective event serialisation stays off the cold
 * start) that registers itself for SnapStart when constructed and is primed before the snapshot by
 * {@link SnapStart#prime}: its own {@link #warmUp()}, then the {@link Primer}s of its jar that know it.
 */
public abstract class PrimedStreamHandler implements RequestStreamHandler, Resource {

    protected PrimedStreamHandler() {
        SnapStart.register(this);
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

    /** Primes this handler as before a snapshot; logs the outcome and never throws. */
    public final void prime() {
        SnapStart.prime(this, this::warmUp);
    }

    /**
     * The name of the tape the {@link Primer} replays for this function ({@code priming/NAME.json} in its jar): the
     * class's simple name, unless one handler class serves several functions.
     */
    public String primingName() {
        return getClass().getSimpleName();
    }

    /** What this handler warms up itself, reading nothing; by default nothing. */
    protected void warmUp() throws Exception {
    }
}
