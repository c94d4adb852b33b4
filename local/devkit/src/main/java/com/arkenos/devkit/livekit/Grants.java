package com.arkenos.devkit.livekit;

import com.fasterxml.jackson.databind.JsonNode;

/** The grants of a verified access token that LiveKit's API checks: video room grants and the SIP grant. */
record Grants(boolean roomCreate, boolean roomList, boolean roomAdmin, String room, boolean sipAdmin, boolean sipCall) {

    static Grants fromClaims(JsonNode claims) {
        JsonNode video = claims.path("video");
        JsonNode sip = claims.path("sip");
        return new Grants(
                video.path("roomCreate").asBoolean(false),
                video.path("roomList").asBoolean(false),
                video.path("roomAdmin").asBoolean(false),
                video.path("room").asText(""),
                sip.path("admin").asBoolean(false),
                sip.path("call").asBoolean(false));
    }

    /** LiveKit's EnsureAdminPermission: room admin, and for exactly the room the request names. */
    boolean adminOf(String requestRoom) {
        return roomAdmin && room.equals(requestRoom == null ? "" : requestRoom);
    }
}
