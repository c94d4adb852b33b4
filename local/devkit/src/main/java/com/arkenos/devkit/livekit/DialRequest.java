package com.arkenos.devkit.livekit;

import livekit.LivekitSip.CreateSIPParticipantRequest;

import java.time.Duration;
import java.util.Map;

/**
 * One CreateSIPParticipant request as the sandbox received it, so tests can check every field the client sent.
 * Durations are null when the request left them unset.
 */
public record DialRequest(String sipTrunkId, String sipNumber, String sipCallTo, String roomName,
                          String participantIdentity, String participantName, String participantMetadata,
                          Map<String, String> participantAttributes, Duration ringingTimeout,
                          Duration maxCallDuration, boolean waitUntilAnswered, boolean playDialtone,
                          CreateSIPParticipantRequest raw) {

    static DialRequest of(CreateSIPParticipantRequest r) {
        return new DialRequest(r.getSipTrunkId(), r.getSipNumber(), r.getSipCallTo(), r.getRoomName(),
                r.getParticipantIdentity(), r.getParticipantName(), r.getParticipantMetadata(),
                Map.copyOf(r.getParticipantAttributesMap()),
                r.hasRingingTimeout() ? duration(r.getRingingTimeout()) : null,
                r.hasMaxCallDuration() ? duration(r.getMaxCallDuration()) : null,
                r.getWaitUntilAnswered(), r.getPlayDialtone() || r.getPlayRingtone(), r);
    }

    private static Duration duration(com.google.protobuf.Duration d) {
        return Duration.ofSeconds(d.getSeconds(), d.getNanos());
    }
}
