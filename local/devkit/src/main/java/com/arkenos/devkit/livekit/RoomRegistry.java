package com.arkenos.devkit.livekit;

import livekit.LivekitAgentDispatch.AgentDispatch;
import livekit.LivekitAgentDispatch.AgentDispatchState;
import livekit.LivekitAgentDispatch.RoomAgentDispatch;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.RoomConfiguration;
import livekit.LivekitWebhook.WebhookEvent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rooms, their participants and agent dispatches, with the webhooks LiveKit sends when they change
 * (room_started, participant_joined, participant_left, room_finished). Thread-safe.
 */
final class RoomRegistry {
    static final String ROOM_NOT_FOUND = "requested room does not exist";

    private final Clock clock;
    private final WebhookDispatcher webhooks;
    private final Map<String, RoomState> rooms = new LinkedHashMap<>();

    private static final class RoomState {
        Room base;
        final Map<String, ParticipantInfo> participants = new LinkedHashMap<>();
        final Map<String, AgentDispatch> dispatches = new LinkedHashMap<>();

        RoomState(Room base) {
            this.base = base;
        }

        Room snapshot() {
            return base.toBuilder().setNumParticipants(participants.size()).build();
        }
    }

    RoomRegistry(Clock clock, WebhookDispatcher webhooks) {
        this.clock = clock;
        this.webhooks = webhooks;
    }

    /**
     * CreateRoom: an existing room is returned as it is, as LiveKit does; a new one gets its agents dispatched. An
     * empty name is accepted, as livekit-server 1.13 does (LiveKitDifferentialTest).
     */
    synchronized Room create(CreateRoomRequest req) {
        RoomState existing = rooms.get(req.getName());
        if (existing != null) {
            return existing.snapshot();
        }
        Room base = newRoom(req.getName(), req.getMetadata(), req.getEmptyTimeout(), req.getDepartureTimeout(),
                req.getMaxParticipants());
        return start(base, req.getAgentsList()).snapshot();
    }

    /** The room a SIP call joins: created with the dispatch rule's room configuration when it does not exist yet. */
    synchronized Room ensure(String name, RoomConfiguration config) {
        RoomState existing = rooms.get(name);
        if (existing != null) {
            return existing.snapshot();
        }
        RoomConfiguration c = config == null ? RoomConfiguration.getDefaultInstance() : config;
        Room base = newRoom(name, c.getMetadata(), c.getEmptyTimeout(), c.getDepartureTimeout(),
                c.getMaxParticipants());
        return start(base, c.getAgentsList()).snapshot();
    }

    private Room newRoom(String name, String metadata, int emptyTimeout, int departureTimeout, int maxParticipants) {
        long now = clock.millis();
        return Room.newBuilder()
                .setSid(LiveKitIds.next(LiveKitIds.ROOM))
                .setName(name)
                .setMetadata(metadata)
                .setEmptyTimeout(emptyTimeout == 0 ? 300 : emptyTimeout) // LiveKit's default: 5 minutes
                .setDepartureTimeout(departureTimeout == 0 ? 20 : departureTimeout)
                .setMaxParticipants(maxParticipants)
                .setCreationTime(now / 1000)
                .setCreationTimeMs(now)
                .build();
    }

    /**
     * A new room gets a dispatch per configured agent; with none configured, LiveKit (rtc/room.go
     * createAgentDispatchesFromRoomAgent) adds one for the unnamed agent, so that automatically dispatched workers
     * join: ListDispatch shows it, with an empty agent name.
     */
    private RoomState start(Room base, List<RoomAgentDispatch> agents) {
        RoomState state = new RoomState(base);
        rooms.put(base.getName(), state);
        emit("room_started", state.snapshot(), null);
        if (agents.isEmpty()) {
            addDispatch(state, "", "");
        }
        for (RoomAgentDispatch agent : agents) {
            addDispatch(state, agent.getAgentName(), agent.getMetadata());
        }
        return state;
    }

    synchronized void delete(String name) {
        RoomState state = rooms.get(name);
        if (state == null) {
            throw TwirpError.notFound(ROOM_NOT_FOUND);
        }
        finish(state, DisconnectReason.ROOM_DELETED);
    }

    /** Ends a room: every participant leaves, then room_finished. No-op for an unknown room. */
    synchronized void finish(String name) {
        RoomState state = rooms.get(name);
        if (state != null) {
            finish(state, DisconnectReason.ROOM_CLOSED);
        }
    }

    private void finish(RoomState state, DisconnectReason reason) {
        for (ParticipantInfo p : new ArrayList<>(state.participants.values())) {
            removeParticipant(state, p, reason);
        }
        rooms.remove(state.base.getName());
        emit("room_finished", state.snapshot(), null);
    }

    synchronized List<Room> list(List<String> names) {
        return rooms.values().stream().filter(r -> names.isEmpty() || names.contains(r.base.getName()))
                .map(RoomState::snapshot).toList();
    }

    synchronized Optional<Room> room(String name) {
        return Optional.ofNullable(rooms.get(name)).map(RoomState::snapshot);
    }

    /** ListParticipants: a room that does not exist has nobody in it (LiveKit answers an empty list, not not_found). */
    synchronized List<ParticipantInfo> participants(String room) {
        RoomState state = rooms.get(room);
        return state == null ? List.of() : List.copyOf(state.participants.values());
    }

    synchronized Optional<ParticipantInfo> participant(String room, String identity) {
        return Optional.ofNullable(rooms.get(room)).map(r -> r.participants.get(identity));
    }

    /** Joins a participant (a duplicate identity replaces the old one, as on LiveKit) and fires participant_joined. */
    synchronized ParticipantInfo join(String room, ParticipantInfo.Builder participant) {
        RoomState state = require(room);
        ParticipantInfo old = state.participants.get(participant.getIdentity());
        if (old != null) {
            removeParticipant(state, old, DisconnectReason.DUPLICATE_IDENTITY);
        }
        long now = clock.millis();
        ParticipantInfo joined = participant
                .setSid(LiveKitIds.next(LiveKitIds.PARTICIPANT))
                .setState(ParticipantInfo.State.ACTIVE)
                .setJoinedAt(now / 1000)
                .setJoinedAtMs(now)
                .build();
        state.participants.put(joined.getIdentity(), joined);
        emit("participant_joined", state.snapshot(), joined);
        return joined;
    }

    synchronized Optional<ParticipantInfo> updateAttributes(String room, String identity, Map<String, String> attrs) {
        RoomState state = rooms.get(room);
        ParticipantInfo p = state == null ? null : state.participants.get(identity);
        if (p == null) {
            return Optional.empty();
        }
        ParticipantInfo updated = p.toBuilder().putAllAttributes(attrs).setVersion(p.getVersion() + 1).build();
        state.participants.put(identity, updated);
        return Optional.of(updated);
    }

    /**
     * A participant leaves (participant_left). When the last one leaves a room that had participants, the room
     * finishes at once: LiveKit waits {@code departure_timeout} first, which tests have no reason to sit through.
     */
    synchronized boolean leave(String room, String identity, DisconnectReason reason) {
        RoomState state = rooms.get(room);
        ParticipantInfo p = state == null ? null : state.participants.get(identity);
        if (p == null) {
            return false;
        }
        removeParticipant(state, p, reason);
        if (state.participants.isEmpty()) {
            rooms.remove(room);
            emit("room_finished", state.snapshot(), null);
        }
        return true;
    }

    private void removeParticipant(RoomState state, ParticipantInfo p, DisconnectReason reason) {
        state.participants.remove(p.getIdentity());
        ParticipantInfo gone = p.toBuilder().setState(ParticipantInfo.State.DISCONNECTED)
                .setDisconnectReason(reason).build();
        emit("participant_left", state.snapshot(), gone);
    }

    /** CreateDispatch creates the room when it does not exist, as LiveKit's auto-create does. */
    synchronized AgentDispatch dispatch(String room, String agentName, String metadata) {
        RoomState state = rooms.get(room);
        if (state == null) {
            state = start(newRoom(room, "", 0, 0, 0), List.of());
        }
        return addDispatch(state, agentName, metadata);
    }

    private AgentDispatch addDispatch(RoomState state, String agentName, String metadata) {
        AgentDispatch dispatch = AgentDispatch.newBuilder()
                .setId(LiveKitIds.next(LiveKitIds.AGENT_DISPATCH))
                .setAgentName(agentName)
                .setRoom(state.base.getName())
                .setMetadata(metadata)
                .setState(AgentDispatchState.newBuilder().setCreatedAt(clock.millis() * 1_000_000L))
                .build();
        state.dispatches.put(dispatch.getId(), dispatch);
        return dispatch;
    }

    synchronized List<AgentDispatch> dispatches(String room) {
        RoomState state = rooms.get(room);
        return state == null ? List.of() : List.copyOf(state.dispatches.values());
    }

    synchronized AgentDispatch deleteDispatch(String room, String dispatchId) {
        RoomState state = rooms.get(room);
        AgentDispatch removed = state == null ? null : state.dispatches.remove(dispatchId);
        if (removed == null) {
            throw TwirpError.notFound("dispatch " + dispatchId + " not found in room " + room);
        }
        return removed.toBuilder().setState(removed.getState().toBuilder()
                .setDeletedAt(clock.millis() * 1_000_000L)).build();
    }

    synchronized void clear() {
        rooms.clear();
    }

    private RoomState require(String room) {
        RoomState state = rooms.get(room);
        if (state == null) {
            throw TwirpError.notFound(ROOM_NOT_FOUND);
        }
        return state;
    }

    private void emit(String event, Room room, ParticipantInfo participant) {
        long now = clock.millis();
        WebhookEvent.Builder e = WebhookEvent.newBuilder()
                .setEvent(event)
                .setRoom(room)
                .setId(LiveKitIds.next(LiveKitIds.EVENT))
                .setCreatedAt(now / 1000);
        if (participant != null) {
            e.setParticipant(participant);
        }
        webhooks.emit(e.build());
    }
}
