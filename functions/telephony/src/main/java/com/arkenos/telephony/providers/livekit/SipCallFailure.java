package com.arkenos.telephony.providers.livekit;

import java.util.Optional;
import java.util.Set;

/**
 * Why a waited-for outbound call did not connect, as LiveKit reported it. It travels as the cause of the
 * {@link com.arkenos.telephony.providers.ProviderException.Permanent} that {@code dial} throws (busy or unanswered
 * callees are outcomes, not faults to retry); read it with {@link #of(Throwable)}.
 *
 * <p>{@link #sipStatusCode()} is 0 when LiveKit gave no SIP status: its own ringing timeout ended the call
 * (Twirp {@code canceled}, "sip request timed out").
 */
public final class SipCallFailure extends RuntimeException {
    private static final Set<Integer> BUSY = Set.of(486, 600);
    private static final Set<Integer> NO_ANSWER = Set.of(408, 480, 487);
    private static final Set<Integer> REJECTED = Set.of(403, 603, 607, 608);

    private final int sipStatusCode;
    private final String sipStatus;
    private final String twirpCode;

    SipCallFailure(int sipStatusCode, String sipStatus, String twirpCode) {
        super(sipStatusCode == 0 ? "no answer before the ringing timeout" : "SIP " + sipStatusCode + " " + sipStatus,
                null, false, false);
        this.sipStatusCode = sipStatusCode;
        this.sipStatus = sipStatus;
        this.twirpCode = twirpCode;
    }

    /** The failure behind {@code t}, if {@code t} (or one of its causes) is a failed dial. */
    public static Optional<SipCallFailure> of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SipCallFailure f) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The final SIP response code from the callee's side (486, 480, 603...), or 0 when there was none. */
    public int sipStatusCode() {
        return sipStatusCode;
    }

    /**
     * The SIP reason phrase LiveKit passed on ({@code Busy Here}), or LiveKit's enum name when the carrier gave none.
     */
    public String sipStatus() {
        return sipStatus;
    }

    /** The Twirp code LiveKit mapped the failure to ({@code resource_exhausted} for 486, for example). */
    public String twirpCode() {
        return twirpCode;
    }

    public boolean busy() {
        return BUSY.contains(sipStatusCode);
    }

    public boolean noAnswer() {
        return sipStatusCode == 0 || NO_ANSWER.contains(sipStatusCode);
    }

    public boolean rejected() {
        return REJECTED.contains(sipStatusCode);
    }
}
