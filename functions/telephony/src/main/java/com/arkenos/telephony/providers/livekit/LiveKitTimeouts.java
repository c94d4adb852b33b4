package com.arkenos.telephony.providers.livekit;

import java.time.Duration;
import java.util.Objects;

/**
 * HTTP timeouts of the gateway. A dial that waits for the answer needs more than {@link #read()}: its read timeout
 * is the ringing timeout (capped at LiveKit's own 80 s limit for waiting calls) plus {@link #answerMargin()}.
 */
public record LiveKitTimeouts(Duration connect, Duration read, Duration answerMargin) {
    /** LiveKit's server gives a CreateSIPParticipant that waits for the answer at most 80 s (pkg/service/sip.go). */
    public static final Duration SERVER_ANSWER_LIMIT = Duration.ofSeconds(80);

    public LiveKitTimeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(answerMargin, "answerMargin");
    }

    public static LiveKitTimeouts defaults() {
        return new LiveKitTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(10));
    }

    /** The read timeout for one dial: the normal one unless the call waits for the callee to answer. */
    Duration readFor(OutboundDial dial) {
        if (!dial.waitUntilAnswered()) {
            return read;
        }
        Duration ringing = dial.ringingTimeout() == null ? SERVER_ANSWER_LIMIT : dial.ringingTimeout();
        Duration wait = (ringing.compareTo(SERVER_ANSWER_LIMIT) < 0 ? ringing : SERVER_ANSWER_LIMIT).plus(answerMargin);
        return wait.compareTo(read) > 0 ? wait : read;
    }
}
