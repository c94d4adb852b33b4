package com.arkenos.telephony.providers.livekit;

import com.arkenos.devkit.livekit.InboundCall;
import com.arkenos.devkit.livekit.LiveKitSandbox;
import livekit.LivekitAgentDispatch.AgentDispatch;
import livekit.LivekitModels.Room;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rooms and agent dispatches through the SDK, checked against the sandbox. */
class LiveKitRoomsTest {
    @RegisterExtension
    static final LiveKitSandboxFixture fx = new LiveKitSandboxFixture();
    private final LiveKitSandbox sandbox = fx.sandbox();
    private final LiveKitGateway gateway = fx.gateway();

    @Test
    void createRoom_withAgent_createsRoomAndDispatchesTheAgent() {
        gateway.createRoom("outbound_call_42", "{\"call\":\"42\"}", 120, "sales-agent", "{\"lead\":7}");

        Room room = sandbox.room("outbound_call_42").orElseThrow();
        assertEquals("{\"call\":\"42\"}", room.getMetadata());
        assertEquals(120, room.getEmptyTimeout());
        AgentDispatch dispatch = sandbox.agentDispatches("outbound_call_42").get(0);
        assertEquals("sales-agent", dispatch.getAgentName());
        assertEquals("{\"lead\":7}", dispatch.getMetadata());
        assertTrue(dispatch.getId().startsWith("AD_"), dispatch.getId());
    }

    @Test
    void createRoom_whenItExists_keepsItAsItIs() {
        gateway.createRoom("r", "first", 60, "agent", null);
        gateway.createRoom("r", "second", 60, "agent", null);

        assertEquals("first", sandbox.room("r").orElseThrow().getMetadata());
        assertEquals(1, sandbox.agentDispatches("r").size());
    }

    @Test
    void dispatchAgent_addsADispatchToTheRoom() {
        gateway.createRoom("r", null, 60, null, null);

        gateway.dispatchAgent("r", "support-agent", "{\"k\":\"v\"}");

        // A room created without agents also holds LiveKit's default dispatch (empty agent name), first.
        List<AgentDispatch> dispatches = sandbox.agentDispatches("r");
        assertEquals(List.of("", "support-agent"), dispatches.stream().map(AgentDispatch::getAgentName).toList());
        assertEquals("{\"k\":\"v\"}", dispatches.get(1).getMetadata());
    }

    @Test
    void deleteRoom_removesTheRoomAndItsParticipants() {
        gateway.createRoom("r", null, 60, null, null);

        gateway.deleteRoom("r");

        assertTrue(sandbox.room("r").isEmpty());
        assertTrue(sandbox.rooms().isEmpty());
    }

    @Test
    void listParticipants_returnsTheCallerOfAnInboundCall() {
        String trunk = gateway.createInboundTrunk("t", List.of("+15105550100"), List.of(), null).id();
        gateway.createDispatchRule("r", "call", "agent", null, List.of(trunk), null);
        InboundCall call = sandbox.placeInboundCall("+15105550100", "+14155550123", "54.172.60.1");

        assertEquals(List.of("sip_+14155550123"), gateway.listParticipants(call.roomName()));
    }
}
