package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.Ids;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.provisioning.InfraBusyException;
import com.arkenos.telephony.provisioning.Telephony;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    private final Telephony telephony;
    private final CallStore calls;
    private final DialLauncher dialer;
    private final String agentName;
    private final int ringingTimeoutSeconds;

    public OutboundCalls(Telephony telephony, CallStore calls, DialLauncher dialer, String agentName,
                         int ringingTimeoutSeconds) {
        this.telephony = telephony;
        this.calls = calls;
        this.dialer = dialer;
        this.agentName = agentName;
        this.ringingTimeoutSeconds = Math.max(1, Math.min(MAX_RINGING_TIMEOUT_SECONDS, ringingTimeoutSeconds));
    }

    public static String roomName(String callId) {
        return "outbound-" + callId;
    }

    public static String participantIdentity(String phone) {
        return "phone-" + phone;
    }

    public CallRecord place(String owner, String agentId, String callee, String callbackUrl) {
        Agent agent = telephony.agents().find(owner, agentId).orElseThrow(() -> ApiError.notFound("agent not found"));
        if (!agent.active()) {
            throw ApiError.conflict("agent_inactive", "the agent is not active; activate it before it places calls");
        }
        String callerId = callerId(owner, agent);
        if (callerId.equals(callee)) {
            throw ApiError.badRequest("invalid_phone_number", "an agent cannot call its own number");
        }
        String trunkId = outboundTrunk(callerId);

        String callId = Ids.uuid();
        Instant now = now();
        String room = roomName(callId);
        CallRecord call = new CallRecord(callId, owner, agent.id(), CallDirection.OUTBOUND, CallStatus.RINGING, room,
                callerId, callee, participantIdentity(callee), "Phone " + callee, trunkId, null,
                ringingTimeoutSeconds, null, null, null, null, callbackUrl, now, null, null, null, now);
        calls.create(call);

        ObjectNode metadata = Json.object();
        metadata.put("call_id", callId);
        metadata.put("agent_id", agent.id());
        metadata.put("agentId", agent.id()); // the agent worker's key for the agent to load
        metadata.put("direction", CallDirection.OUTBOUND.name());
        metadata.put("phone_number", callee);
        String meta = Json.write(metadata);
        try {
            telephony.providers().livekit().createRoom(room, meta, ROOM_EMPTY_TIMEOUT_SECONDS, agentName, meta);
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
            throw new ApiError(503, "dial_unavailable", "the call could not be started; nothing was dialled. Try again.");
        }
        Log.info("outbound_call_placed", "call_id", callId, "agent_id", agent.id(), "room", room);
        return call;
    }

    /**
     * Ends the call's room (the agent and the callee leave) and records the end; repeating it changes nothing.
     * A call that already ended keeps its status (a BUSY call stays BUSY).
     */
    public CallRecord end(String owner, String callId) {
        CallRecord call = calls.get(owner, callId);
        try {
            telephony.providers().livekit().deleteRoom(call.roomName());
            // The gateway counts "not found" as deleted, and a dial in flight can bring the callee back into the
            // room: only an empty (or missing) room is ended. When it is not, the end is recorded first, so the
            // dial step finds the call final and closes the room it answers into, and the room is deleted again.
            for (int attempt = 1; !roomEmptyOrGone(call.roomName()); attempt++) {
                recordEnd(call);
                if (attempt == 3) {
                    throw new ApiError(503, "room_not_ended", "the call's room could not be ended; try again");
                }
                sleep(150L * attempt);
                telephony.providers().livekit().deleteRoom(call.roomName());
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
            throw ApiError.conflict("no_active_number", "the agent has no phone number to call from; buy or assign"
                    + " one first (POST /api/telephony/numbers/buy)");
        }
        NumberRecord number = telephony.numbers().find(agent.phoneNumber())
                .filter(n -> n.owner().equals(owner) && agent.id().equals(n.agentId()))
                .orElseThrow(() -> ApiError.conflict("no_active_number", "the agent has no phone number to call from"));
        if (number.status() != NumberStatus.ACTIVE) {
            throw ApiError.conflict("no_active_number", "the agent's number " + number.phoneNumber() + " is "
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
                return telephony.infrastructure().ensureOutboundTrunk(callerId,
                        telephony.providers().terminationCredentials());
            } catch (InfraBusyException e) {
                if (System.nanoTime() + backoff * 1_000_000 > deadline) {
                    throw new ApiError(503, "outbound_trunk_busy", "the outbound SIP trunk is being set up by another"
                            + " request; try again in a few seconds");
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
            return telephony.providers().livekit().listParticipants(room).isEmpty();
        } catch (ProviderException e) {
            if (!e.transient_() && "not_found".equals(e.providerCode())) {
                return true;
            }
            throw e;
        }
    }

    private void deleteRoomQuietly(String room) {
        try {
            telephony.providers().livekit().deleteRoom(room);
        } catch (RuntimeException e) {
            Log.warn("room_delete_failed", "room", room, "error", e.getClass().getSimpleName());
        }
    }

    static ApiError providerError(ProviderException e, String what) {
        return e.transient_()
                ? new ApiError(503, "provider_unavailable", what + ": " + e.provider() + " is unavailable ("
                        + e.providerCode() + "). Try again.")
                : new ApiError(502, "provider_error", what + ": " + e.provider() + " refused the request ("
                        + e.providerCode() + ")");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted", "the request was interrupted; try again");
        }
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
