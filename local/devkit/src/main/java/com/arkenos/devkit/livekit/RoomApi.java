package com.arkenos.devkit.livekit;

import livekit.LivekitAgentDispatch.CreateAgentDispatchRequest;
import livekit.LivekitAgentDispatch.DeleteAgentDispatchRequest;
import livekit.LivekitAgentDispatch.ListAgentDispatchRequest;
import livekit.LivekitAgentDispatch.ListAgentDispatchResponse;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.DeleteRoomRequest;
import livekit.LivekitRoom.DeleteRoomResponse;
import livekit.LivekitRoom.ListParticipantsRequest;
import livekit.LivekitRoom.ListParticipantsResponse;
import livekit.LivekitRoom.ListRoomsRequest;
import livekit.LivekitRoom.ListRoomsResponse;
import livekit.LivekitRoom.RemoveParticipantResponse;
import livekit.LivekitRoom.RoomParticipantIdentity;

import java.util.List;

import static com.arkenos.devkit.livekit.TwirpMethod.AGENT_DISPATCH;
import static com.arkenos.devkit.livekit.TwirpMethod.ROOM;

/**
 * RoomService and AgentDispatchService methods, with LiveKit's grants: {@code roomCreate} to create or delete,
 * {@code roomList} to list, and {@code roomAdmin} scoped to the request's room for participants and dispatches.
 */
final class RoomApi {
    private RoomApi() {
    }

    static List<TwirpMethod> methods(RoomRegistry rooms) {
        return List.of(
                TwirpMethod.of(ROOM, "CreateRoom", CreateRoomRequest.getDefaultInstance(),
                        (g, req) -> g.roomCreate(), "invalid_argument", rooms::create),
                TwirpMethod.of(ROOM, "DeleteRoom", DeleteRoomRequest.getDefaultInstance(),
                        (g, req) -> g.roomCreate(), "not_found", req -> {
                            rooms.delete(req.getRoom());
                            return DeleteRoomResponse.getDefaultInstance();
                        }),
                TwirpMethod.of(ROOM, "ListRooms", ListRoomsRequest.getDefaultInstance(),
                        (g, req) -> g.roomList(), "invalid_argument",
                        req -> ListRoomsResponse.newBuilder().addAllRooms(rooms.list(req.getNamesList())).build()),
                TwirpMethod.of(ROOM, "ListParticipants", ListParticipantsRequest.getDefaultInstance(),
                        (g, req) -> g.adminOf(req.getRoom()), "not_found",
                        req -> ListParticipantsResponse.newBuilder()
                                .addAllParticipants(rooms.participants(req.getRoom())).build()),
                TwirpMethod.of(ROOM, "RemoveParticipant", RoomParticipantIdentity.getDefaultInstance(),
                        (g, req) -> g.adminOf(req.getRoom()), "not_found", req -> {
                            if (!rooms.leave(req.getRoom(), req.getIdentity(), DisconnectReason.PARTICIPANT_REMOVED)) {
                                throw TwirpError.notFound("participant does not exist");
                            }
                            return RemoveParticipantResponse.getDefaultInstance();
                        }),
                TwirpMethod.of(AGENT_DISPATCH, "CreateDispatch", CreateAgentDispatchRequest.getDefaultInstance(),
                        (g, req) -> g.adminOf(req.getRoom()), "invalid_argument", req -> {
                            if (req.getRoom().isEmpty()) {
                                throw TwirpError.invalidArgument("no room name");
                            }
                            return rooms.dispatch(req.getRoom(), req.getAgentName(), req.getMetadata());
                        }),
                TwirpMethod.of(AGENT_DISPATCH, "ListDispatch", ListAgentDispatchRequest.getDefaultInstance(),
                        (g, req) -> g.adminOf(req.getRoom()), "not_found",
                        req -> ListAgentDispatchResponse.newBuilder().addAllAgentDispatches(
                                rooms.dispatches(req.getRoom()).stream().filter(d -> req.getDispatchId().isEmpty()
                                        || d.getId().equals(req.getDispatchId())).toList()).build()),
                TwirpMethod.of(AGENT_DISPATCH, "DeleteDispatch", DeleteAgentDispatchRequest.getDefaultInstance(),
                        (g, req) -> g.adminOf(req.getRoom()), "not_found",
                        req -> rooms.deleteDispatch(req.getRoom(), req.getDispatchId())));
    }
}
