package com.arkenos.telephony.providers.livekit;

/** The SIP participant LiveKit created for an outbound call, and the call's LiveKit id ({@code SCL_...}). */
public record SipParticipant(String participantId, String identity, String roomName, String sipCallId) {
}
