package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.core.phone.PhoneNumbers;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStore;
import com.fasterxml.jackson.databind.JsonNode;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackType;
import livekit.LivekitWebhook.WebhookEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What LiveKit's room and participant events mean for call records.
 * <ul>
 *   <li>A SIP caller joining a room the inbound dispatch rule created (its name starts with the rule's prefix)
 *       starts an INBOUND call: the dialled number ({@code sip.trunkPhoneNumber}) names the owner and agent in one
 *       read of the numbers table. Its id is derived from the room and LiveKit's SIP call id, so a webhook that
 *       LiveKit delivers twice records the call once.</li>
 *   <li>An inbound caller joins ringing ({@code sip.callStatus=ringing}): livekit-sip answers once there is
 *       audio in the room for the caller to hear, so the agent publishing its voice answers the call.</li>
 *   <li>An outbound callee's participant joins as soon as dialling starts ({@code sip.callStatus=dialing}); only
 *       {@code sip.callStatus=active} means answered. The dial step records the answer; the webhook only
 *       confirms it.</li>
 *   <li>The SIP participant of an answered call leaving, or the room finishing, completes the call with its
 *       duration. A call that is still ringing when its room finishes keeps its status for the dial step to decide,
 *       with the end time noted.</li>
 * </ul>
 */
public final class RoomEvents {
    public static final String CALL_STATUS = "sip.callStatus";
    public static final String TRUNK_PHONE_NUMBER = "sip.trunkPhoneNumber";
    public static final String PHONE_NUMBER = "sip.phoneNumber";
    public static final String SIP_CALL_ID = "sip.callID";

    private final CallStore calls;
    private final NumberStore numbers;
    private final String inboundRoomPrefix;

    public RoomEvents(CallStore calls, NumberStore numbers, String inboundRoomPrefix) {
        this.calls = calls;
        this.numbers = numbers;
        this.inboundRoomPrefix = inboundRoomPrefix;
    }

    /** The same rules on stores reached through another client (SnapStart priming points a copy at a stand-in). */
    public RoomEvents on(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo) {
        return new RoomEvents(calls.on(dynamo), numbers.on(dynamo), inboundRoomPrefix);
    }

    /** Applies one verified event; events that concern no call are ignored. */
    public void apply(WebhookEvent event) {
        switch (event.getEvent()) {
            case "participant_joined" -> participantJoined(event.getRoom(), event.getParticipant());
            case "participant_left" -> participantLeft(event.getRoom(), event.getParticipant());
            case "room_finished" -> roomFinished(event.getRoom());
            case "track_published" -> trackPublished(event.getRoom(), event.getParticipant(), event.getTrack());
            default -> {
                // room_started, track_unpublished, egress and ingress events say nothing about a call's state
            }
        }
    }

    private void participantJoined(Room room, ParticipantInfo p) {
        if (!isSip(p)) {
            return;
        }
        Optional<String> outboundCall = outboundCallId(room);
        if (outboundCall.isPresent()) {
            if ("active".equals(p.getAttributesMap().get(CALL_STATUS))) {
                calls.answered(outboundCall.get(), now(), p.getAttributesMap().get(SIP_CALL_ID));
            }
            return;
        }
        if (inboundRoomPrefix.isEmpty() || !room.getName().startsWith(inboundRoomPrefix)) {
            return;
        }
        startInbound(room, p);
    }

    private void startInbound(Room room, ParticipantInfo p) {
        Map<String, String> attrs = p.getAttributesMap();
        Optional<String> dialled = PhoneNumbers.fromDialled(attrs.get(TRUNK_PHONE_NUMBER));
        if (dialled.isEmpty()) {
            Log.warn("inbound_call_without_number", "room", room.getName());
            return;
        }
        Optional<NumberRecord> number = numbers.find(dialled.get());
        if (number.isEmpty() || number.get().agentId() == null) {
            Log.warn("inbound_call_to_unassigned_number", "room", room.getName(), "phone_number", dialled.get());
            return;
        }
        String status = attrs.get(CALL_STATUS);
        boolean answered = status == null || status.isEmpty() || "active".equals(status);
        Instant now = now();
        String sipCallId = attrs.get(SIP_CALL_ID);
        String callId = inboundCallId(room, sipCallId != null ? sipCallId : p.getIdentity());
        CallRecord call = new CallRecord(callId, number.get().owner(), number.get().agentId(), CallDirection.INBOUND,
                answered ? CallStatus.ANSWERED : CallStatus.RINGING, room.getName(),
                PhoneNumbers.fromDialled(attrs.get(PHONE_NUMBER)).orElse(null), dialled.get(), p.getIdentity(),
                p.getName(), null, sipCallId, null, null, null, null, null, null, now, null, answered ? now : null,
                null, now);
        boolean created = calls.create(call);
        Log.info("inbound_call", "call_id", callId, "agent_id", call.agentId(), "room", room.getName(),
                "repeated", !created);
    }

    /**
     * livekit-sip keeps an inbound call ringing until it can subscribe to someone else's audio in the room, and
     * answers it at once then: the agent publishing its voice is that moment. No webhook reports the answer itself
     * (the caller's {@code sip.callStatus} turning {@code active} is not an event), and a {@code track_published}
     * event names its participant by identity only (no kind), so any audio track but the caller's own answers.
     * LiveKit sends a room's events in order: the caller's join, which made the record, has been applied.
     */
    private void trackPublished(Room room, ParticipantInfo p, TrackInfo track) {
        if (track.getType() != TrackType.AUDIO || inboundRoomPrefix.isEmpty()
                || !room.getName().startsWith(inboundRoomPrefix)) {
            return;
        }
        for (String callId : calls.callIdsInRoom(room.getName())) {
            calls.find(callId).filter(c -> c.direction() == CallDirection.INBOUND && c.status() == CallStatus.RINGING
                            && !p.getIdentity().equals(c.participantIdentity()))
                    .ifPresent(c -> calls.answered(callId, now(), c.sipCallId()));
        }
    }

    private void participantLeft(Room room, ParticipantInfo p) {
        if (!isSip(p)) {
            return;
        }
        for (String callId : callIds(room)) {
            calls.find(callId).filter(c -> p.getIdentity().equals(c.participantIdentity())
                            && c.status() == CallStatus.ANSWERED)
                    .ifPresent(c -> calls.completeAnswered(callId, now()));
        }
    }

    private void roomFinished(Room room) {
        Instant now = now();
        for (String callId : callIds(room)) {
            Optional<CallRecord> call = calls.find(callId);
            if (call.isEmpty()) {
                continue;
            }
            CallRecord c = call.get();
            switch (c.status()) {
                case ANSWERED -> calls.completeAnswered(callId, now);
                case RINGING -> {
                    if (c.direction() == CallDirection.INBOUND) {
                        calls.notConnected(callId, CallStatus.NO_ANSWER, null, null, null, null, now);
                    } else {
                        calls.roomEnded(callId, now);
                    }
                }
                default -> calls.roomEnded(callId, now);
            }
        }
    }

    /** The calls held in the room: an outbound call names itself in the room's metadata; others are indexed. */
    private List<String> callIds(Room room) {
        Optional<String> outbound = outboundCallId(room);
        if (outbound.isPresent()) {
            return List.of(outbound.get());
        }
        return room.getName().isEmpty() ? List.of() : calls.callIdsInRoom(room.getName());
    }

    /** The call id an outbound call's room carries in its metadata ({@code {"call_id": ...}}). */
    static Optional<String> outboundCallId(Room room) {
        String meta = room.getMetadata();
        if (meta == null || meta.isBlank() || !meta.strip().startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.parse(meta);
            String id = node.path("call_id").asText("");
            // The room's name must be the one this call was given: metadata alone cannot point at another call.
            return com.arkenos.telephony.core.Ids.isUuid(id) && room.getName().equals(OutboundCalls.roomName(id))
                    ? Optional.of(id) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String inboundCallId(Room room, String sipCall) {
        String seed = "inbound|" + (room.getSid().isEmpty() ? room.getName() : room.getSid()) + "|" + sipCall;
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static boolean isSip(ParticipantInfo p) {
        return p.getKind() == ParticipantInfo.Kind.SIP || p.getAttributesMap().containsKey(SIP_CALL_ID);
    }

    private static Instant now() {
        return OutboundCalls.now();
    }
}
