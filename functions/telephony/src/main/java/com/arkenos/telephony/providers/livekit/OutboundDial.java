package com.arkenos.telephony.providers.livekit;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * An outbound call to place through a LiveKit outbound trunk (CreateSIPParticipant).
 *
 * @param fromNumber      the caller id LiveKit presents ({@code sip_number}); null uses the trunk's number
 * @param ringingTimeout  how long the callee may ring; null leaves LiveKit's default (3 minutes)
 * @param maxCallDuration null leaves LiveKit's default
 * @param waitUntilAnswered the call returns only once the callee answered, and a busy or unanswered callee comes back
 *                        as a {@link SipCallFailure}; without it the call returns as soon as dialling starts
 */
public record OutboundDial(String trunkId, String callTo, String fromNumber, String roomName,
                           String participantIdentity, String participantName, String participantMetadata,
                           Map<String, String> attributes, Duration ringingTimeout, Duration maxCallDuration,
                           boolean waitUntilAnswered, boolean playDialtone) {

    public OutboundDial {
        Objects.requireNonNull(trunkId, "trunkId");
        Objects.requireNonNull(callTo, "callTo");
        Objects.requireNonNull(roomName, "roomName");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        if (ringingTimeout != null && (ringingTimeout.isNegative() || ringingTimeout.isZero())) {
            throw new IllegalArgumentException("ringingTimeout must be positive");
        }
    }

    public static Builder builder(String trunkId, String callTo, String roomName) {
        return new Builder(trunkId, callTo, roomName);
    }

    /** Twelve components are too many to pass by position safely. */
    public static final class Builder {
        private final String trunkId;
        private final String callTo;
        private final String roomName;
        private String fromNumber;
        private String participantIdentity;
        private String participantName;
        private String participantMetadata;
        private Map<String, String> attributes = Map.of();
        private Duration ringingTimeout;
        private Duration maxCallDuration;
        private boolean waitUntilAnswered;
        private boolean playDialtone;

        private Builder(String trunkId, String callTo, String roomName) {
            this.trunkId = trunkId;
            this.callTo = callTo;
            this.roomName = roomName;
        }

        public Builder fromNumber(String v) {
            fromNumber = v;
            return this;
        }

        public Builder participantIdentity(String v) {
            participantIdentity = v;
            return this;
        }

        public Builder participantName(String v) {
            participantName = v;
            return this;
        }

        public Builder participantMetadata(String v) {
            participantMetadata = v;
            return this;
        }

        public Builder attributes(Map<String, String> v) {
            attributes = v;
            return this;
        }

        public Builder ringingTimeout(Duration v) {
            ringingTimeout = v;
            return this;
        }

        public Builder maxCallDuration(Duration v) {
            maxCallDuration = v;
            return this;
        }

        public Builder waitUntilAnswered(boolean v) {
            waitUntilAnswered = v;
            return this;
        }

        public Builder playDialtone(boolean v) {
            playDialtone = v;
            return this;
        }

        public OutboundDial build() {
            return new OutboundDial(trunkId, callTo, fromNumber, roomName, participantIdentity, participantName,
                    participantMetadata, attributes, ringingTimeout, maxCallDuration, waitUntilAnswered,
                    playDialtone);
        }
    }
}
