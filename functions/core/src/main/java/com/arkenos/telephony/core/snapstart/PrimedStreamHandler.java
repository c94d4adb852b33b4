package com.arkenos.telephony.core.snapstart;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.arkenos.telephony.core.log.Log;
import org.crac.Resource;

/**
 * Base of every handler: a stream handler (the Lambda runtime's reflective event serialisation stays off the cold
 * start) that registers itself for SnapStart when constructed and is primed before the snapshot by
 * {@link SnapStart#prime}: its own {@link #warmUp()}, then the {@link Primer} of its jar, if it has one.
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
     * Builds a handler as Lambda does, with its public no-arg constructor, while {@code env} stands in for the
     * process's environment ({@link com.arkenos.telephony.core.Env#hosting}): the local runtime, SnapStart priming's
     * copies and the tests build functions this one way.
     */
    public static RequestStreamHandler build(String handlerClass, com.arkenos.telephony.core.Env env) {
        return com.arkenos.telephony.core.Env.hosting(env, () -> {
            try {
                Object handler = Class.forName(handlerClass).getConstructor().newInstance();
                if (!(handler instanceof RequestStreamHandler h)) {
                    throw new IllegalStateException(handlerClass + " is not a RequestStreamHandler");
                }
                return h;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create handler " + handlerClass, e);
            }
        });
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
