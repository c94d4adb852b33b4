package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.providers.livekit.LiveKitGateway;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Settles an outbound call that stays RINGING after its dial step can no longer report: the asynchronous dial event
 * was dropped (Lambda gives up on an event after {@code MaximumEventAgeInSeconds}, 300 s in template.yaml), or the
 * dial step died after taking the call (its run ends at the function's 120 s timeout). Without this the dashboard
 * would show such a call ringing for ever.
 *
 * <p>Settled when the call is read (GET, status, list), only once it is overdue, with conditional writes so a late
 * answer from a dial step that is still running wins:
 * <ul>
 *   <li>never taken by a dial step {@link #NOT_DIALLED_AFTER} after it was placed: FAILED
 *       {@code dial_not_started};</li>
 *   <li>taken, and still ringing {@link #DIAL_BUDGET} after its ringing timeout: LiveKit's room says what happened.
 *       The callee still in the room has answered (a ringing leg cannot outlast its ringing timeout): ANSWERED.
 *       Otherwise FAILED {@code dial_outcome_lost}. Either way a room nobody will use is deleted. A LiveKit that
 *       does not answer leaves the call as it is, for the next read.</li>
 * </ul>
 */
public final class StaleCalls {
    /** The async event's maximum age (300 s) and its run (120 s), with a minute to spare. */
    public static final Duration NOT_DIALLED_AFTER = Duration.ofSeconds(300 + 120 + 60);
    /** After the ringing timeout: the rest of the dial function's 120 s run, with a minute to spare. */
    public static final Duration DIAL_BUDGET = Duration.ofSeconds(120 + 60);
    /** At most this many calls settled per read, so a list of old calls stays fast; the rest settle on later reads. */
    static final int MAX_PER_READ = 5;
    /** Time a list may spend settling before it answers with the rest as they are. */
    static final Duration READ_BUDGET = Duration.ofSeconds(3);

    private final CallStore calls;
    private final Supplier<LiveKitGateway> livekit;

    public StaleCalls(CallStore calls, Supplier<LiveKitGateway> livekit) {
        this.calls = calls;
        this.livekit = livekit;
    }

    /** Whether {@code call} is an outbound call still ringing past the point its dial step could report. */
    public static boolean overdue(CallRecord call, Instant now) {
        if (call.direction() != CallDirection.OUTBOUND || call.status() != CallStatus.RINGING) {
            return false;
        }
        if (call.dialStartedAt() == null) {
            return call.createdAt() != null && now.isAfter(call.createdAt().plus(NOT_DIALLED_AFTER));
        }
        int ringing = call.ringingTimeoutSeconds() == null ? OutboundCalls.DEFAULT_RINGING_TIMEOUT_SECONDS
                : call.ringingTimeoutSeconds();
        return now.isAfter(call.dialStartedAt().plusSeconds(ringing).plus(DIAL_BUDGET));
    }

    /** The call as it stands after settling it if it is overdue. */
    public CallRecord settle(CallRecord call, Instant now) {
        if (!overdue(call, now)) {
            return call;
        }
        Optional<CallRecord> settled;
        if (call.dialStartedAt() == null) {
            settled = calls.notConnected(call.callId(), CallStatus.FAILED, null, null, "dial_not_started",
                    "the call was never dialled (its dial step did not run); place it again", now);
            deleteRoom(call.roomName());
        } else {
            List<String> present;
            try {
                present = livekit.get().listParticipants(call.roomName());
            } catch (ProviderException e) {
                if (e.transient_() || !"not_found".equals(e.providerCode())) {
                    Log.warn("stale_call_unresolved", "call_id", call.callId(), "provider_code", e.providerCode());
                    return call;
                }
                present = List.of();
            } catch (RuntimeException e) {
                Log.warn("stale_call_unresolved", "call_id", call.callId(), "error", e.getClass().getSimpleName());
                return call;
            }
            if (call.participantIdentity() != null && present.contains(call.participantIdentity())) {
                settled = calls.answered(call.callId(), now, null);
            } else {
                settled = calls.notConnected(call.callId(), CallStatus.FAILED, null, null, "dial_outcome_lost",
                        "the dial step stopped before recording the outcome; the callee is not in the call", now);
                deleteRoom(call.roomName());
            }
        }
        Log.info("stale_call_settled", "call_id", call.callId(), "dial_started", call.dialStartedAt() != null,
                "status", settled.map(c -> c.status().name()).orElse("unchanged"));
        // A concurrent writer (a late dial step, a webhook) changed it first: its word stands.
        return settled.orElseGet(() -> calls.find(call.callId()).orElse(call));
    }

    /**
     * {@code page}, with its first overdue calls settled: at most {@link #MAX_PER_READ}, and none started after
     * {@link #READ_BUDGET} (settling may ask LiveKit), so a list answers well within API Gateway's 30 s.
     */
    public List<CallRecord> settleAll(List<CallRecord> page, Instant now) {
        int budget = MAX_PER_READ;
        long deadline = System.nanoTime() + READ_BUDGET.toNanos();
        List<CallRecord> out = new java.util.ArrayList<>(page.size());
        for (CallRecord c : page) {
            if (budget > 0 && System.nanoTime() < deadline && overdue(c, now)) {
                budget--;
                out.add(settle(c, now));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The sweeper's pass over every live call, so a call nobody reads again is settled too: each owner's live-call
     * set is reconciled (slots of final or missing calls are freed) and each overdue call is settled as a read would
     * settle it. Returns the calls settled.
     */
    public int sweep(Instant now, int maxOwners) {
        int settled = 0;
        for (LiveCallSlots.Holder holder : calls.slots().holders(maxOwners)) {
            calls.slots().reconcile(holder.owner(), calls);
            for (String id : holder.callIds()) {
                Optional<CallRecord> call = calls.find(id);
                if (call.isPresent() && overdue(call.get(), now)) {
                    settle(call.get(), now);
                    settled++;
                }
            }
        }
        return settled;
    }

    private void deleteRoom(String room) {
        if (room == null) {
            return;
        }
        try {
            livekit.get().deleteRoom(room);
        } catch (RuntimeException e) {
            Log.warn("room_delete_failed", "room", room, "error", e.getClass().getSimpleName());
        }
    }
}
