package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.Ids;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.errors.ConflictException;
import com.arkenos.telephony.core.errors.IdempotencyKeyReusedException;
import com.arkenos.telephony.core.errors.InvalidInputException;
import com.arkenos.telephony.core.errors.LimitExceededException;
import com.arkenos.telephony.core.errors.NotFoundException;
import com.arkenos.telephony.core.errors.ProviderRejectedException;
import com.arkenos.telephony.core.errors.ProviderUnavailableException;
import com.arkenos.telephony.core.errors.TelephonyException;
import com.arkenos.telephony.core.errors.UnavailableException;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.provisioning.InfraBusyException;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.providers.TerminationCredentials;
import com.arkenos.telephony.providers.livekit.LiveKitGateway;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.Put;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Places and ends outbound calls. Placing one validates the agent and its number, makes sure the shared outbound SIP
 * pieces exist (the first call of a deployment creates them, once, under the infrastructure lease), records the call,
 * creates its room with the agent dispatched, and hands the call to the dial step, which waits for the callee and
 * records the outcome. The request never waits for the phone.
 */
public final class OutboundCalls {
    /** LiveKit waits for an answer at most 80 s; the default leaves room before Twilio's own ~60 s ring-out. */
    public static final int DEFAULT_RINGING_TIMEOUT_SECONDS = 45;
    static final int MAX_RINGING_TIMEOUT_SECONDS = 80;
    /** The room closes this long after the last participant left (or if nobody ever joins). */
    static final int ROOM_EMPTY_TIMEOUT_SECONDS = 120;
    /** How long a request waits, in total, for another request that is creating the outbound trunk. */
    static final Duration INFRA_WAIT = Duration.ofSeconds(10);
    /** Attempts at the outbound trunk when the provider fails transiently (429, 5xx, timeouts). */
    static final int MAX_PROVIDER_ATTEMPTS = 3;

    /** Live (RINGING or ANSWERED) outbound calls one owner may have at once: template MaxConcurrentCallsPerOwner. */
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 10;

    private final AgentStore agents;
    private final NumberStore numbers;
    private final Supplier<SipInfrastructure> infrastructure;
    private final Supplier<LiveKitGateway> livekit;
    private final Supplier<TerminationCredentials> termination;
    private final CallStore calls;
    private final DialLauncher dialer;
    private final String agentName;
    private final int ringingTimeoutSeconds;
    private final int maxConcurrentCalls;
    private final StaleCalls stale;

    public OutboundCalls(AgentStore agents, NumberStore numbers, Supplier<SipInfrastructure> infrastructure,
                         Supplier<LiveKitGateway> livekit, Supplier<TerminationCredentials> termination,
                         CallStore calls, DialLauncher dialer, String agentName,
                         int ringingTimeoutSeconds, int maxConcurrentCalls, StaleCalls stale) {
        this.agents = agents;
        this.numbers = numbers;
        this.infrastructure = infrastructure;
        this.livekit = livekit;
        this.termination = termination;
        this.calls = calls;
        this.dialer = dialer;
        this.agentName = agentName;
        this.ringingTimeoutSeconds = Math.max(1, Math.min(MAX_RINGING_TIMEOUT_SECONDS, ringingTimeoutSeconds));
        this.maxConcurrentCalls = Math.max(1, maxConcurrentCalls);
        this.stale = stale;
    }

    /** A placed call, and whether it is an earlier request's call answered again for its Idempotency-Key. */
    public record Placed(CallRecord call, boolean replayed) {
    }

    public static String roomName(String callId) {
        return "outbound-" + callId;
    }

    public static String participantIdentity(String phone) {
        return "phone-" + phone;
    }

    /**
     * Places a call. With an Idempotency-Key, a retry of the same request answers the call the key placed (it is
     * never dialled twice); the key with another request is refused (422). A keyed call that was never dialled (its
     * room or its dial step could not be started, and the client was told to try again) is placed anew.
     */
    public Placed place(String owner, String agentId, String callee, String callbackUrl, String idempotencyKey) {
        String fingerprint = agentId + "|" + callee + "|" + (callbackUrl == null ? "" : callbackUrl);
        String replacing = null;
        if (idempotencyKey != null) {
            Optional<OutboundCallKeys.Binding> bound = calls.keys().find(owner, idempotencyKey);
            if (bound.isPresent()) {
                Optional<CallRecord> earlier = replay(owner, bound.get(), fingerprint);
                if (earlier.isPresent()) {
                    return new Placed(earlier.get(), true);
                }
                replacing = bound.get().callId();
            }
        }
        Agent agent = agents.find(owner, agentId).orElseThrow(() -> new NotFoundException("agent not found"));
        if (!agent.active()) {
            throw new ConflictException("agent_inactive",
                    "the agent is not active; activate it before it places calls");
        }
        String callerId = callerId(owner, agent);
        if (callerId.equals(callee)) {
            throw new InvalidInputException("invalid_phone_number", "an agent cannot call its own number");
        }
        String trunkId = outboundTrunk(callerId);

        String callId = Ids.uuid();
        Instant now = now();
        String room = roomName(callId);
        CallRecord call = new CallRecord(callId, owner, agent.id(), CallDirection.OUTBOUND, CallStatus.RINGING, room,
                callerId, callee, participantIdentity(callee), "Phone " + callee, trunkId, null,
                ringingTimeoutSeconds, null, null, null, null, callbackUrl, now, null, null, null, now);
        Put key = idempotencyKey == null ? null
                : calls.keys().bind(owner, idempotencyKey, fingerprint, callId, replacing);
        try {
            admit(call, key);
        } catch (LiveCallSlots.Refused refused) {
            // Another request with this key won the race: its call is the answer.
            OutboundCallKeys.Binding winner = calls.keys().find(owner, idempotencyKey)
                    .orElseThrow(() -> new ConflictException("concurrent_change",
                            "the Idempotency-Key changed meanwhile; try again"));
            return new Placed(replay(owner, winner, fingerprint).orElseThrow(() -> new ConflictException(
                    "concurrent_change", "the Idempotency-Key's call changed meanwhile; try again")), true);
        }
        ObjectNode metadata = Json.object();
        metadata.put("call_id", callId);
        metadata.put("agent_id", agent.id());
        metadata.put("agentId", agent.id()); // the agent worker's key for the agent to load
        metadata.put("direction", CallDirection.OUTBOUND.name());
        metadata.put("phone_number", callee);
        String meta = Json.write(metadata);
        try {
            livekit.get().createRoom(room, meta, ROOM_EMPTY_TIMEOUT_SECONDS, agentName, meta);
        } catch (ProviderException e) {
            calls.notConnected(callId, CallStatus.FAILED, null, null, "room_not_created", e.getMessage(), now());
            // The answer may have been lost after LiveKit created the room (with the agent dispatched into it).
            deleteRoomQuietly(room);
            throw providerError(e, "the call's room could not be created");
        }
        try {
            dialer.launch(callId);
        } catch (RuntimeException e) {
            Log.error("dial_launch_failed", e, "call_id", callId);
            calls.notConnected(callId, CallStatus.FAILED, null, null, "dial_not_started",
                    "the dialling step could not be started", now());
            deleteRoomQuietly(room);
            throw new UnavailableException("dial_unavailable",
                    "the call could not be started; nothing was dialled. Try again.");
        }
        Log.info("outbound_call_placed", "call_id", callId, "agent_id", agent.id(), "room", room);
        return new Placed(call, false);
    }

    /**
     * The call bound to a key, when the request is the same and the call was dialled (or may still be); empty when
     * it was never dialled, so the retry places it. Another request under the key is refused.
     */
    private Optional<CallRecord> replay(String owner, OutboundCallKeys.Binding bound, String fingerprint) {
        if (!bound.fingerprint().equals(fingerprint)) {
            throw new IdempotencyKeyReusedException("this Idempotency-Key was used for a different call"
                    + " (another agent, number or callback_url)");
        }
        Optional<CallRecord> earlier = calls.find(bound.callId()).filter(c -> c.owner().equals(owner));
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        CallRecord c = stale.settle(earlier.get(), now());
        boolean neverDialled = c.status() == CallStatus.FAILED && c.dialStartedAt() == null
                && ("room_not_created".equals(c.errorCode()) || "dial_not_started".equals(c.errorCode()));
        return neverDialled ? Optional.empty() : Optional.of(c);
    }

    /**
     * Records the call and takes one of the owner's live-call slots, in one transaction. At the limit, the slots of
     * calls that are in fact over (a lost release, a dial step that never reported) are freed first; then 429.
     * Throws {@link LiveCallSlots.Refused} KEY_TAKEN when another request bound the Idempotency-Key first.
     */
    private void admit(CallRecord call, Put key) {
        LiveCallSlots slots = calls.slots();
        for (int attempt = 1; ; attempt++) {
            try {
                slots.admit(call, maxConcurrentCalls, key);
                return;
            } catch (LiveCallSlots.Refused refused) {
                if (refused.reason == LiveCallSlots.Refusal.KEY_TAKEN) {
                    throw refused;
                }
                if (attempt > 1 || freeEndedSlots(call.owner()) == 0) {
                    throw new LimitExceededException("concurrent_call_limit",
                            "this owner already has " + maxConcurrentCalls
                            + " outbound calls ringing or answered, the most MaxConcurrentCallsPerOwner ("
                            + maxConcurrentCalls + ") allows; end one or wait for one to finish. Nothing was dialled.");
                }
            }
        }
    }

    /** Settles the owner's overdue calls and drops the slots of calls that are over; how many slots were freed. */
    private int freeEndedSlots(String owner) {
        Instant now = now();
        for (String id : calls.slots().held(owner)) {
            calls.find(id).filter(c -> StaleCalls.overdue(c, now)).ifPresent(c -> stale.settle(c, now));
        }
        int freed = calls.slots().reconcile(owner, calls);
        Log.info("call_slots_reconciled", "freed", freed);
        return freed;
    }

    /**
     * Ends the call's room (the agent and the callee leave) and records the end; repeating it changes nothing.
     * A call that already ended keeps its status (a BUSY call stays BUSY).
     */
    public CallRecord end(String owner, String callId) {
        CallRecord call = calls.get(owner, callId);
        try {
            livekit.get().deleteRoom(call.roomName());
            // The gateway counts "not found" as deleted, and a dial in flight can bring the callee back into the
            // room: only an empty (or missing) room is ended. When it is not, the end is recorded first, so the
            // dial step finds the call final and closes the room it answers into, and the room is deleted again.
            for (int attempt = 1; !roomEmptyOrGone(call.roomName()); attempt++) {
                recordEnd(call);
                if (attempt == 3) {
                    throw new UnavailableException("room_not_ended", "the call's room could not be ended; try again");
                }
                sleep(150L * attempt);
                livekit.get().deleteRoom(call.roomName());
            }
        } catch (ProviderException e) {
            throw providerError(e, "the call's room could not be ended");
        }
        recordEnd(call);
        return calls.get(owner, callId);
    }

    /** COMPLETED for a call still ringing or answered; a call that already ended keeps its status. */
    private void recordEnd(CallRecord call) {
        Instant now = now();
        if (!call.status().isFinal()) {
            calls.complete(call.callId(), now);
        } else if (call.endedAt() == null) {
            calls.roomEnded(call.callId(), now);
        }
    }

    /** The agent's own number, which it calls from; it must be routed (ACTIVE) and held by this agent. */
    private String callerId(String owner, Agent agent) {
        if (agent.phoneNumber() == null) {
            throw new ConflictException("no_active_number", "the agent has no phone number to call from; buy or assign"
                    + " one first (POST /api/telephony/numbers/buy)");
        }
        NumberRecord number = numbers.find(agent.phoneNumber())
                .filter(n -> n.owner().equals(owner) && agent.id().equals(n.agentId()))
                .orElseThrow(() -> new ConflictException("no_active_number",
                        "the agent has no phone number to call from"));
        if (number.status() != NumberStatus.ACTIVE) {
            throw new ConflictException("no_active_number", "the agent's number " + number.phoneNumber() + " is "
                    + number.status() + "; it can place calls once it is ACTIVE");
        }
        return number.phoneNumber();
    }

    /**
     * The LiveKit outbound trunk, creating Twilio termination and the trunk on the first call. Another request may
     * be creating them right now (it holds the lease): wait for it with short, jittered backoff. A transient provider
     * failure is retried too: every piece is found-or-created by its record or name, so a retry never makes a second.
     */
    private String outboundTrunk(String callerId) {
        long deadline = System.nanoTime() + INFRA_WAIT.toNanos();
        long backoff = 50;
        int providerFailures = 0;
        while (true) {
            try {
                // The termination password is read only if the trunk has to be made.
                return infrastructure.get().ensureOutboundTrunk(callerId, termination);
            } catch (InfraBusyException e) {
                if (System.nanoTime() + backoff * 1_000_000 > deadline) {
                    throw new UnavailableException("outbound_trunk_busy",
                            "the outbound SIP trunk is being set up by another request; try again in a few seconds");
                }
                Log.info("outbound_trunk_wait", "backoff_ms", backoff);
            } catch (ProviderException e) {
                providerFailures++;
                if (!e.transient_() || providerFailures >= MAX_PROVIDER_ATTEMPTS
                        || System.nanoTime() + backoff * 1_000_000 > deadline) {
                    throw providerError(e, "the outbound SIP trunk could not be set up");
                }
                Log.warn("outbound_trunk_retry", "provider", e.provider(), "code", e.providerCode());
            }
            sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
            backoff = Math.min(backoff * 2, 800);
        }
    }

    private boolean roomEmptyOrGone(String room) {
        try {
            return livekit.get().listParticipants(room).isEmpty();
        } catch (ProviderException e) {
            if (!e.transient_() && "not_found".equals(e.providerCode())) {
                return true;
            }
            throw e;
        }
    }

    private void deleteRoomQuietly(String room) {
        try {
            livekit.get().deleteRoom(room);
        } catch (RuntimeException e) {
            Log.warn("room_delete_failed", "room", room, "error", e.getClass().getSimpleName());
        }
    }

    static TelephonyException providerError(ProviderException e, String what) {
        return e.transient_()
                ? new ProviderUnavailableException("provider_unavailable",
                        what + ": " + e.provider() + " is unavailable (" + e.providerCode() + "). Try again.")
                : new ProviderRejectedException("provider_error",
                        what + ": " + e.provider() + " refused the request (" + e.providerCode() + ")");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted", "the request was interrupted; try again");
        }
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
