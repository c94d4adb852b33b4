package com.arkenos.devkit.livekit;

import livekit.LivekitModels.DisconnectReason;

import java.time.Duration;

/**
 * How a callee reached through CreateSIPParticipant responds: the final SIP status the carrier returns and, by
 * default, after how long. Configure per number with {@link LiveKitSandbox#setDialOutcome}; numbers without one
 * follow a convention on their last four digits (see {@link #byConvention}).
 */
public enum DialOutcome {
    ANSWERED(200, "OK", Duration.ofMillis(100), DisconnectReason.UNKNOWN_REASON),
    BUSY(486, "Busy Here", Duration.ofMillis(50), DisconnectReason.USER_REJECTED),
    /** The carrier gives up ringing with 480 (unless LiveKit's own ringing timeout fires first). */
    NO_ANSWER(480, "Temporarily Unavailable", Duration.ofMillis(300), DisconnectReason.USER_UNAVAILABLE),
    REJECTED(603, "Decline", Duration.ofMillis(100), DisconnectReason.USER_REJECTED),
    UNREACHABLE(503, "Service Unavailable", Duration.ofMillis(20), DisconnectReason.SIP_TRUNK_FAILURE),
    NUMBER_NOT_FOUND(404, "Not Found", Duration.ofMillis(20), DisconnectReason.SIP_TRUNK_FAILURE);

    private final int sipStatus;
    private final String reason;
    private final Duration defaultDelay;
    private final DisconnectReason disconnectReason;

    DialOutcome(int sipStatus, String reason, Duration defaultDelay, DisconnectReason disconnectReason) {
        this.sipStatus = sipStatus;
        this.reason = reason;
        this.defaultDelay = defaultDelay;
        this.disconnectReason = disconnectReason;
    }

    public int sipStatus() {
        return sipStatus;
    }

    public String reason() {
        return reason;
    }

    public Duration defaultDelay() {
        return defaultDelay;
    }

    DisconnectReason disconnectReason() {
        return disconnectReason;
    }

    /**
     * The conventional outcome of a callee number, so tests need no setup for common cases: numbers ending in
     * {@code 0486} are busy, {@code 0480} ring out unanswered, {@code 0603} decline, {@code 0503} are unreachable,
     * {@code 0404} do not exist; every other number answers.
     */
    public static DialOutcome byConvention(String number) {
        String n = number == null ? "" : number;
        if (n.endsWith("0486")) {
            return BUSY;
        } else if (n.endsWith("0480")) {
            return NO_ANSWER;
        } else if (n.endsWith("0603")) {
            return REJECTED;
        } else if (n.endsWith("0503")) {
            return UNREACHABLE;
        } else if (n.endsWith("0404")) {
            return NUMBER_NOT_FOUND;
        }
        return ANSWERED;
    }
}
