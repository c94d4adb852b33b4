package com.arkenos.telephony.providers.livekit;

import com.arkenos.devkit.livekit.InboundCall;
import com.arkenos.devkit.livekit.InboundRoute;
import com.arkenos.devkit.livekit.LiveKitSandbox;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calls into numbers provisioned through the gateway land where LiveKit would put them, or nowhere. */
class LiveKitInboundRoutingTest {
    private static final String NUMBER = "+15105550100";
    private static final String CALLER = "+14155550123";
    private static final String TWILIO_SIGNALLING = "54.172.60.1";

    @RegisterExtension
    static final LiveKitSandboxFixture fx = new LiveKitSandboxFixture();
    private final LiveKitSandbox sandbox = fx.sandbox();
    private final LiveKitGateway gateway = fx.gateway();

    private SipInboundTrunk provision(String number, String agent) {
        SipInboundTrunk trunk = gateway.createInboundTrunk("in " + number, List.of(number),
                List.of("54.172.60.0/30"), null);
        gateway.createDispatchRule("rule " + number, "call", agent, "{\"number\":\"" + number + "\"}",
                List.of(trunk.id()), null);
        return trunk;
    }

    @Test
    void call_toProvisionedNumber_landsInANewRoomWithTheAgentDispatched() {
        SipInboundTrunk trunk = provision(NUMBER, "support-agent");

        InboundCall call = sandbox.placeInboundCall(NUMBER, CALLER, TWILIO_SIGNALLING);

        assertTrue(call.answered(), call.route().reason());
        assertTrue(call.roomName().startsWith("call_" + CALLER + "_"), call.roomName());
        assertEquals("support-agent", sandbox.agentDispatches(call.roomName()).get(0).getAgentName());
        assertEquals("{\"number\":\"" + NUMBER + "\"}", sandbox.agentDispatches(call.roomName()).get(0).getMetadata());
        ParticipantInfo caller = sandbox.participant(call.roomName(), "sip_" + CALLER).orElseThrow();
        assertEquals(ParticipantInfo.Kind.SIP, caller.getKind());
        assertEquals(CALLER, caller.getAttributesOrThrow("sip.phoneNumber"));
        assertEquals(NUMBER, caller.getAttributesOrThrow("sip.trunkPhoneNumber"));
        assertEquals(trunk.id(), caller.getAttributesOrThrow("sip.trunkID"));
        assertEquals(call.route().rule().getSipDispatchRuleId(), caller.getAttributesOrThrow("sip.ruleID"));
        assertEquals(call.sipCallId(), caller.getAttributesOrThrow("sip.callID"));
        assertEquals("active", caller.getAttributesOrThrow("sip.callStatus"));
    }

    @Test
    void twoCalls_getTwoRooms() {
        provision(NUMBER, "support-agent");

        InboundCall first = sandbox.placeInboundCall(NUMBER, CALLER, TWILIO_SIGNALLING);
        InboundCall second = sandbox.placeInboundCall(NUMBER, CALLER, TWILIO_SIGNALLING);

        assertFalse(first.roomName().equals(second.roomName()));
    }

    @Test
    void call_toNumberOnNoTrunk_hasNoRoute() {
        provision(NUMBER, "support-agent");

        InboundRoute route = sandbox.routeInbound("+15105550999", CALLER, TWILIO_SIGNALLING);

        assertEquals(InboundRoute.Result.NO_TRUNK, route.result());
        assertNull(route.trunk());
        assertTrue(sandbox.rooms().isEmpty());
    }

    @Test
    void call_fromAddressOutsideAllowedAddresses_isRefused() {
        provision(NUMBER, "support-agent");

        InboundCall call = sandbox.placeInboundCall(NUMBER, CALLER, "203.0.113.9");

        assertFalse(call.answered());
        assertEquals(InboundRoute.Result.ADDRESS_NOT_ALLOWED, call.route().result());
        assertTrue(sandbox.rooms().isEmpty(), "no room for a refused call");
    }

    @Test
    void call_matchesNumberExactlyAfterNormalisation_notByPrefix() {
        provision(NUMBER, "support-agent");

        assertTrue(sandbox.routeInbound("+1 (510) 555-0100", CALLER, TWILIO_SIGNALLING).routed());
        assertEquals(InboundRoute.Result.NO_TRUNK,
                sandbox.routeInbound("+151055501001", CALLER, TWILIO_SIGNALLING).result());
    }

    @Test
    void call_toTrunkWithoutRule_hasNoRoute() {
        gateway.createInboundTrunk("bare", List.of(NUMBER), List.of(), null);

        InboundRoute route = sandbox.routeInbound(NUMBER, CALLER, TWILIO_SIGNALLING);

        assertEquals(InboundRoute.Result.NO_RULE, route.result());
    }

    @Test
    void ruleNamingTheTrunk_winsOverCatchAllRule() {
        gateway.createDispatchRule("catch-all", "fallback", "fallback-agent", null, List.of(), null);
        provision(NUMBER, "support-agent");

        InboundCall call = sandbox.placeInboundCall(NUMBER, CALLER, TWILIO_SIGNALLING);

        assertTrue(call.roomName().startsWith("call_"), call.roomName());
        assertEquals("support-agent", sandbox.agentDispatches(call.roomName()).get(0).getAgentName());
    }

    @Test
    void catchAllRule_takesCallsForTrunksWithoutTheirOwnRule() {
        gateway.createDispatchRule("catch-all", "fallback", "fallback-agent", null, List.of(), null);
        gateway.createInboundTrunk("bare", List.of(NUMBER), List.of(), null);

        InboundCall call = sandbox.placeInboundCall(NUMBER, CALLER, TWILIO_SIGNALLING);

        assertTrue(call.roomName().startsWith("fallback_"), call.roomName());
    }

    @Test
    void hangUp_ofTheLastParticipant_finishesTheRoom() {
        provision(NUMBER, "support-agent");
        InboundCall call = sandbox.placeInboundCall(NUMBER, CALLER, TWILIO_SIGNALLING);

        assertTrue(sandbox.hangUp(call.roomName(), call.participantIdentity()));

        assertTrue(sandbox.room(call.roomName()).isEmpty());
    }
}
