package com.arkenos.devkit.livekit;

/**
 * The outcome of {@link LiveKitSandbox#placeInboundCall}: the route and, when the call was answered, the room it
 * landed in, the caller's participant identity and LiveKit's SIP call id ({@code SCL_...}); those are null otherwise.
 */
public record InboundCall(InboundRoute route, String roomName, String participantIdentity, String sipCallId) {

    public boolean answered() {
        return route.routed();
    }
}
