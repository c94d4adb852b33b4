package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.Ids;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.core.log.Metric;
import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.providers.livekit.LiveKitGateway;
import com.arkenos.telephony.providers.livekit.OutboundDial;
import com.arkenos.telephony.providers.livekit.SipCallFailure;
import com.arkenos.telephony.providers.livekit.SipParticipant;
import com.arkenos.telephony.provisioning.InfraStore;
import com.arkenos.telephony.provisioning.SipInfrastructure;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Dials an outbound call's callee through LiveKit's SIP API with {@code wait_until_answered}, so the dial returns
 * when the callee answers, or fails with the SIP status of a busy, unanswered or declined call, and records the
 * outcome on the call.
 *
 * <p>It dials a call once: it first takes the ringing call ({@code dial_started_at}), so a redelivered event never
 * rings the callee twice. Outcomes are recorded in the call record, not thrown.
 */
public final class OutboundDialer {
    /**
     * LiveKit hangs up a call after this long ({@code max_call_duration}; template MaxCallDurationSeconds): an agent
     * stuck in a loop with an answering machine, or a callee who never hangs up, would otherwise bill for ever.
     */
    public static final int DEFAULT_MAX_CALL_DURATION_SECONDS = 3600;
    private final CallStore calls;
    private final Supplier<LiveKitGateway> livekit;
    private final InfraStore infra;
    private final int maxCallDurationSeconds;

    public OutboundDialer(CallStore calls, Supplier<LiveKitGateway> livekit, InfraStore infra,
                          int maxCallDurationSeconds) {
        this.calls = calls;
        this.livekit = livekit;
        this.infra = infra;
        this.maxCallDurationSeconds = Math.max(60, maxCallDurationSeconds);
    }

    /** Dials the call and records its outcome; empty when there is no such outbound call. */
    public Optional<CallRecord> dial(String callId) {
        Optional<CallRecord> found = Ids.isUuid(callId) ? calls.find(callId) : Optional.empty();
        if (found.isEmpty() || found.get().direction() != CallDirection.OUTBOUND || found.get().trunkId() == null) {
            Log.warn("dial_unknown_call", "call_id", callId);
            return Optional.empty();
        }
        CallRecord call = found.get();
        if (!calls.startDialing(callId, OutboundCalls.now())) {
            // Dialled by an earlier delivery of this event, or ended before the dial began.
            Log.info("dial_skipped", "call_id", callId, "status", call.status().name());
            return calls.find(callId);
        }
        int ringing = call.ringingTimeoutSeconds() == null ? OutboundCalls.DEFAULT_RINGING_TIMEOUT_SECONDS
                : call.ringingTimeoutSeconds();
        OutboundDial dial = OutboundDial.builder(call.trunkId(), call.toNumber(), call.roomName())
                .fromNumber(call.fromNumber())
                .participantIdentity(call.participantIdentity())
                .participantName(call.participantName())
                .participantMetadata(Json.write(Json.object().put("call_id", callId).put("agent_id", call.agentId())))
                .attributes(Map.of("arkenos.call_id", callId, "arkenos.direction", CallDirection.OUTBOUND.name()))
                .ringingTimeout(Duration.ofSeconds(ringing))
                .maxCallDuration(Duration.ofSeconds(maxCallDurationSeconds))
                .waitUntilAnswered(true)
                .playDialtone(true)
                .build();
        long start = System.nanoTime();
        try {
            SipParticipant participant = livekit.get().dial(dial);
            Optional<CallRecord> answered = calls.answered(callId, OutboundCalls.now(), participant.sipCallId());
            long ms = (System.nanoTime() - start) / 1_000_000;
            Log.info("call_answered", "call_id", callId, "ms", ms, "recorded", answered.isPresent());
            dialOutcome(callId, CallStatus.ANSWERED, 200, ms);
            if (answered.isEmpty()) {
                // The call was ended while it rang: the callee just picked up in a room nobody should be in.
                deleteRoom(call.roomName());
            }
            return answered.isPresent() ? answered : calls.find(callId);
        } catch (ProviderException e) {
            recordFailure(call, e, (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            Log.error("dial_failed", e, "call_id", callId);
            calls.notConnected(callId, CallStatus.FAILED, null, null, "dial_error",
                    "the call could not be placed", OutboundCalls.now());
            dialOutcome(callId, CallStatus.FAILED, null, (System.nanoTime() - start) / 1_000_000);
            deleteRoom(call.roomName());
        }
        return calls.find(callId);
    }

    private void recordFailure(CallRecord call, ProviderException e, long ms) {
        Optional<SipCallFailure> sip = SipCallFailure.of(e);
        CallStatus status;
        Integer sipCode = null;
        String sipStatus = null;
        String errorCode = null;
        String errorMessage = null;
        if (sip.isPresent()) {
            SipCallFailure f = sip.get();
            status = f.busy() ? CallStatus.BUSY : f.noAnswer() ? CallStatus.NO_ANSWER
                    : f.rejected() ? CallStatus.REJECTED : CallStatus.FAILED;
            sipCode = f.sipStatusCode() == 0 ? null : f.sipStatusCode();
            sipStatus = f.sipStatusCode() == 0 ? "ringing timeout" : f.sipStatus();
        } else {
            status = CallStatus.FAILED;
            errorCode = e.provider() + ":" + e.providerCode();
            errorMessage = e.getMessage();
            if (!e.transient_() && "not_found".equals(e.providerCode()) && outboundTrunkGone(call.trunkId())) {
                // The recorded outbound trunk is gone (deleted by hand): forget it so the next call creates it.
                infra.get(SipInfrastructure.LIVEKIT_OUTBOUND).filter(r -> call.trunkId().equals(r.get("id")))
                        .ifPresent(r -> infra.forget(SipInfrastructure.LIVEKIT_OUTBOUND));
            }
        }
        Optional<CallRecord> recorded = calls.notConnected(call.callId(), status, sipCode, sipStatus, errorCode,
                errorMessage, OutboundCalls.now());
        Log.info("call_not_connected", "call_id", call.callId(), "status", status.name(), "sip_status_code", sipCode,
                "ms", ms, "recorded", recorded.isPresent());
        dialOutcome(call.callId(), status, sipCode, ms);
        // The agent is waiting in the room for someone who will not come: close it.
        deleteRoom(call.roomName());
    }

    /** What one dial ended in, by status and SIP code ("none" when LiveKit gave no code: a timeout, an error). */
    private static void dialOutcome(String callId, CallStatus status, Integer sipCode, long ms) {
        Metric.count("DialOutcome").dimension("Status", status.name()).dimension("SipCode", sipCode)
                .property("call_id", callId).property("ms", ms).emit();
    }

    /**
     * Only LiveKit's own list may say a trunk is gone: a "not found" answer can be wrong, a forgotten live trunk is an
     * orphan.
     */
    private boolean outboundTrunkGone(String trunkId) {
        try {
            return livekit.get().listOutboundTrunks().stream().noneMatch(t -> trunkId.equals(t.id()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void deleteRoom(String room) {
        try {
            livekit.get().deleteRoom(room);
        } catch (RuntimeException e) {
            Log.warn("room_delete_failed", "room", room, "error", e.getClass().getSimpleName());
        }
    }
}
