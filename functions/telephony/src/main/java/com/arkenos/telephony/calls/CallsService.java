package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.store.Page;

import java.util.List;

/**
 * The calls routes' rules: outbound calls placed and ended ({@link OutboundCalls}), destinations bounded
 * ({@link OutboundDestinations}), and an owner's calls read with the ones still ringing past their time settled as
 * they are read ({@link StaleCalls}). Another owner's call is not found.
 */
public final class CallsService {
    private final CallStore calls;
    private final OutboundCalls outbound;
    private final StaleCalls stale;
    private final OutboundDestinations destinations;
    private final boolean allowPrivateCallbacks;

    public CallsService(CallStore calls, OutboundCalls outbound, StaleCalls stale, OutboundDestinations destinations,
                        boolean allowPrivateCallbacks) {
        this.calls = calls;
        this.outbound = outbound;
        this.stale = stale;
        this.destinations = destinations;
        this.allowPrivateCallbacks = allowPrivateCallbacks;
    }

    /** Refuses a callee this deployment may not call, before anything is read or created. */
    public void checkDestination(String callee) {
        destinations.check(callee);
    }

    /** Whether {@code url} may receive this deployment's call callbacks. */
    public boolean acceptableCallback(String url) {
        return CallbackSender.plausible(url, allowPrivateCallbacks);
    }

    public OutboundCalls.Placed place(String owner, String agentId, String callee, String callbackUrl,
                                      String idempotencyKey) {
        return outbound.place(owner, agentId, callee, callbackUrl, idempotencyKey);
    }

    public record Listing(List<CallRecord> calls, String nextCursor) {
    }

    public Listing list(String owner, int limit, String cursor, CallStore.Filter filter) {
        Page<CallRecord> page = calls.list(owner, limit, cursor, filter);
        return new Listing(stale.settleAll(page.items(), OutboundCalls.now()), page.nextCursor());
    }

    public CallRecord get(String owner, String callId) {
        return stale.settle(calls.get(owner, callId), OutboundCalls.now());
    }

    public CallRecord end(String owner, String callId) {
        return outbound.end(owner, callId);
    }
}
