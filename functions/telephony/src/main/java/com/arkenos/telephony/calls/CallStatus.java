package com.arkenos.telephony.calls;

import java.util.Set;

/**
 * Where a call is. {@link #RINGING} and {@link #ANSWERED} are live; every other status is final and never changes
 * again (the store's writes are conditioned on the status they move from).
 */
public enum CallStatus {
    /** Outbound: the room exists and the callee's phone is being dialled. */
    RINGING,
    /** The callee (outbound) or the platform (inbound) picked up; the agent is talking. */
    ANSWERED,
    /** An answered call that ended, or a call ended by the owner. */
    COMPLETED,
    /** The callee was busy (SIP 486/600). */
    BUSY,
    /** Nobody answered before the ringing timeout (or the carrier gave up: SIP 408/480/487). */
    NO_ANSWER,
    /** The callee or the carrier declined the call (SIP 403/603/607/608). */
    REJECTED,
    /** The call could not be placed: an unreachable or unknown number, or a provider error. */
    FAILED;

    public static final Set<CallStatus> LIVE = Set.of(RINGING, ANSWERED);

    public boolean isFinal() {
        return !LIVE.contains(this);
    }

    /**
     * The product's {@code call_status}: RINGING, ANSWERED, COMPLETED, NO_ANSWER or FAILED (the values the
     * dashboard's call modal knows); BUSY and REJECTED are failures there, told apart by {@code outcome}.
     */
    public String productCallStatus() {
        return switch (this) {
            case BUSY, REJECTED -> FAILED.name();
            default -> name();
        };
    }

    /** The product's session status that the {@code /status} endpoint reports beside the call status. */
    public String sessionStatus() {
        return switch (this) {
            case RINGING, ANSWERED -> "ACTIVE";
            case COMPLETED -> "COMPLETED";
            default -> "FAILED";
        };
    }
}
