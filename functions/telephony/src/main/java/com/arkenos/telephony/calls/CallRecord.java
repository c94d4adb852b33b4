package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;

/**
 * One phone call of an owner's agent, inbound or outbound.
 *
 * @param fromNumber          who called: the agent's number (outbound) or the caller (inbound; null when hidden)
 * @param toNumber            who was called: the callee (outbound) or the agent's number (inbound)
 * @param participantIdentity the SIP participant in the LiveKit room ({@code phone-+1...} for outbound calls)
 * @param trunkId             the LiveKit outbound trunk the call is dialled through (outbound only)
 * @param ringingTimeoutSeconds how long the callee may ring before LiveKit gives up (outbound only)
 * @param sipStatusCode       the callee side's final SIP status when the call did not connect (486, 480...), or
 *                            null when there was none (LiveKit's own ringing timeout, provider errors)
 * @param dialStartedAt       when the dialling step took the call; a second delivery of the step sees it and stops
 */
public record CallRecord(String callId, String owner, String agentId, CallDirection direction, CallStatus status,
                         String roomName, String fromNumber, String toNumber, String participantIdentity,
                         String participantName, String trunkId, String sipCallId, Integer ringingTimeoutSeconds,
                         Integer sipStatusCode, String sipStatus, String errorCode, String errorMessage,
                         String callbackUrl, Instant createdAt, Instant dialStartedAt, Instant answeredAt,
                         Instant endedAt, Instant updatedAt) {

    /** The other party: the callee of an outbound call, the caller of an inbound one. */
    public String remoteNumber() {
        return direction == CallDirection.OUTBOUND ? toNumber : fromNumber;
    }

    /** Talk time in whole seconds once the call ended: 0 for a call that was never answered; null while live. */
    public Long durationSeconds() {
        if (endedAt == null) {
            return null;
        }
        if (answeredAt == null || endedAt.isBefore(answeredAt)) {
            return 0L;
        }
        return Duration.between(answeredAt, endedAt).toSeconds();
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("call_id", callId);
        o.put("direction", direction.name());
        o.put("status", status.name());
        o.put("agent_id", agentId);
        o.put("room_name", roomName);
        o.put("phone_number", remoteNumber());
        o.put("from_number", fromNumber);
        o.put("to_number", toNumber);
        o.put("participant_identity", participantIdentity);
        o.put("participant_name", participantName);
        o.put("sip_call_id", sipCallId);
        if (ringingTimeoutSeconds != null) {
            o.put("ringing_timeout_seconds", ringingTimeoutSeconds);
        }
        putSipStatusCode(o);
        o.put("sip_status", sipStatus);
        if (errorCode == null && errorMessage == null) {
            o.putNull("error");
        } else {
            o.putObject("error").put("code", errorCode).put("message", errorMessage);
        }
        o.put("created_at", CallStore.ts(createdAt));
        putTimes(o);
        o.put("updated_at", CallStore.ts(updatedAt));
        return o;
    }

    /** The product's {@code GET /api/calls/{id}/status} shape. */
    public ObjectNode toStatusJson() {
        ObjectNode o = Json.object();
        o.put("call_id", callId);
        o.put("status", status.sessionStatus());
        o.put("call_status", status.productCallStatus());
        // What the product's values fold together: BUSY and REJECTED are call_status FAILED.
        o.put("outcome", status.name());
        o.put("failure_reason", failureReason());
        o.put("call_direction", direction.name());
        o.put("outbound_phone_number", direction == CallDirection.OUTBOUND ? toNumber : null);
        o.put("room_name", roomName);
        putTimes(o);
        putSipStatusCode(o);
        o.put("sip_status", sipStatus);
        return o;
    }

    /** Why a call did not connect, in words a caller would use; null for a call that did (or still may). */
    private String failureReason() {
        return switch (status) {
            case BUSY -> "busy";
            case REJECTED -> "rejected";
            case NO_ANSWER -> "no_answer";
            case FAILED -> errorCode == null ? "failed" : errorCode;
            default -> null;
        };
    }

    /** When the call started, was answered and ended, and its talk time, as both shapes give them. */
    private void putTimes(ObjectNode o) {
        o.put("started_at", CallStore.ts(createdAt));
        o.put("answered_at", answeredAt == null ? null : CallStore.ts(answeredAt));
        o.put("ended_at", endedAt == null ? null : CallStore.ts(endedAt));
        Long duration = durationSeconds();
        if (duration == null) {
            o.putNull("duration");
        } else {
            o.put("duration", duration);
        }
    }

    private void putSipStatusCode(ObjectNode o) {
        if (sipStatusCode == null) {
            o.putNull("sip_status_code");
        } else {
            o.put("sip_status_code", sipStatusCode);
        }
    }
}
