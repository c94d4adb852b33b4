package com.arkenos.devkit.livekit;

import com.google.protobuf.Message;

import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * One Twirp method the sandbox serves: its request type, the grant LiveKit requires for it, the Twirp code a
 * {@link com.arkenos.devkit.faults.Fault#PERMANENT} fault answers with, and the handler.
 */
record TwirpMethod(String service, String method, Message prototype, BiPredicate<Grants, Message> permission,
                   String permanentCode, Function<Message, Message> handler) {

    static final String SIP = "livekit.SIP";
    static final String ROOM = "livekit.RoomService";
    static final String AGENT_DISPATCH = "livekit.AgentDispatchService";

    /** Typed construction; the endpoint only hands a method requests parsed from its own prototype. */
    @SuppressWarnings("unchecked")
    static <Q extends Message> TwirpMethod of(String service, String method, Q prototype,
                                              BiPredicate<Grants, Q> permission, String permanentCode,
                                              Function<Q, ? extends Message> handler) {
        return new TwirpMethod(service, method, prototype,
                (g, m) -> permission.test(g, (Q) m), permanentCode, m -> handler.apply((Q) m));
    }

    String path() {
        return "/twirp/" + service + "/" + method;
    }

    String operation() {
        return LiveKitOperations.of(service, method);
    }
}
