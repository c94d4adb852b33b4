package com.arkenos.telephony.providers.livekit;

import com.arkenos.devkit.livekit.LiveKitOperations;
import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.telephony.providers.ProviderException;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trunks and dispatch rules through the real SDK over HTTP, checked against what the sandbox stored. */
class LiveKitSipAdminTest {
    @RegisterExtension
    static final LiveKitSandboxFixture fx = new LiveKitSandboxFixture();
    private final LiveKitSandbox sandbox = fx.sandbox();
    private final LiveKitGateway gateway = fx.gateway();

    @Test
    void createInboundTrunk_storesNumbersAddressesAndMetadata() {
        SipInboundTrunk trunk = gateway.createInboundTrunk("acme inbound", List.of("+15105550100"),
                List.of("54.172.60.0/30", "54.244.51.0/30"), "{\"org\":\"acme\"}");

        assertTrue(trunk.id().startsWith("ST_"), trunk.id());
        SIPInboundTrunkInfo stored = sandbox.inboundTrunks().get(0);
        assertEquals(trunk.id(), stored.getSipTrunkId());
        assertEquals("acme inbound", stored.getName());
        assertEquals(List.of("+15105550100"), stored.getNumbersList());
        assertEquals(List.of("54.172.60.0/30", "54.244.51.0/30"), stored.getAllowedAddressesList());
        assertEquals("{\"org\":\"acme\"}", stored.getMetadata());
        assertEquals(trunk, gateway.listInboundTrunks().get(0));
    }

    @Test
    void createInboundTrunk_whenNumberAlreadyOnAnotherOpenTrunk_throwsPermanentInvalidArgument() {
        gateway.createInboundTrunk("first", List.of("+15105550100"), List.of(), null);

        ProviderException e = assertThrows(ProviderException.Permanent.class, () ->
                gateway.createInboundTrunk("second", List.of("+1 (510) 555-0100"), List.of(), null));

        assertEquals("invalid_argument", e.providerCode());
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().contains("Conflicting inbound SIP Trunks"), e.getMessage());
        assertEquals(1, sandbox.inboundTrunks().size());
    }

    @Test
    void createInboundTrunk_whenNumberIsNotE164_storesItAsGiven() {
        // livekit-server checks no number format (local/livekit LiveKitDifferentialTest): the product must.
        SipInboundTrunk trunk = gateway.createInboundTrunk("odd", List.of("call-me-maybe"), List.of(), null);

        assertEquals(List.of("call-me-maybe"), trunk.numbers());
        assertEquals(1, sandbox.inboundTrunks().size());
    }

    @Test
    void updateInboundTrunkNumbers_addsAndRemovesInOneListUpdate() {
        SipInboundTrunk trunk = gateway.createInboundTrunk("t", List.of("+15105550100", "+15105550101"),
                List.of(), null);

        SipInboundTrunk updated = gateway.updateInboundTrunkNumbers(trunk.id(), List.of("+15105550102"),
                List.of("+15105550100"));

        assertEquals(List.of("+15105550101", "+15105550102"), updated.numbers());
        assertEquals(updated.numbers(), sandbox.inboundTrunks().get(0).getNumbersList());
        assertEquals(1, sandbox.faults().calls(LiveKitOperations.SIP_UPDATE_INBOUND_TRUNK));
        assertEquals(0, sandbox.faults().calls(LiveKitOperations.SIP_LIST_INBOUND_TRUNK), "no read before the write");
    }

    @Test
    void updateInboundTrunkNumbers_whenTrunkUnknown_throwsPermanentNotFound() {
        ProviderException e = assertThrows(ProviderException.Permanent.class, () ->
                gateway.updateInboundTrunkNumbers("ST_missing", List.of("+15105550102"), List.of()));

        assertEquals("not_found", e.providerCode());
        assertEquals(404, e.httpStatus());
    }

    @Test
    void deleteTrunk_removesIt_andDeletingAgainIsNotAnError() {
        SipInboundTrunk trunk = gateway.createInboundTrunk("t", List.of("+15105550100"), List.of(), null);

        gateway.deleteTrunk(trunk.id());
        gateway.deleteTrunk(trunk.id());

        assertTrue(sandbox.inboundTrunks().isEmpty());
        assertEquals(2, sandbox.faults().calls(LiveKitOperations.SIP_DELETE_TRUNK));
    }

    @Test
    void createOutboundTrunk_storesAddressNumbersAndAuth_butNeverReadsThePasswordBack() {
        SipOutboundTrunk trunk = gateway.createOutboundTrunk("acme outbound", "acme.pstn.twilio.com",
                List.of("+15105550100"), "livekit", "s3cret-pass", "{\"org\":\"acme\"}");

        SIPOutboundTrunkInfo stored = sandbox.outboundTrunks().get(0);
        assertEquals(trunk.id(), stored.getSipTrunkId());
        assertEquals("acme.pstn.twilio.com", stored.getAddress());
        assertEquals(List.of("+15105550100"), stored.getNumbersList());
        assertEquals("livekit", stored.getAuthUsername());
        assertEquals("s3cret-pass", stored.getAuthPassword());
        assertEquals("livekit", trunk.authUsername());
        assertTrue(!trunk.toString().contains("s3cret-pass"));
        assertEquals(trunk, gateway.listOutboundTrunks().get(0));
    }

    @Test
    void createOutboundTrunk_whenAddressIsASipUri_throwsPermanentInvalidArgument() {
        ProviderException e = assertThrows(ProviderException.Permanent.class, () -> gateway.createOutboundTrunk(
                "t", "sip:acme.pstn.twilio.com", List.of("+15105550100"), null, null, null));

        assertEquals("invalid_argument", e.providerCode());
        assertTrue(sandbox.outboundTrunks().isEmpty());
    }

    @Test
    void updateOutboundTrunkNumbers_addsAndRemoves() {
        SipOutboundTrunk trunk = gateway.createOutboundTrunk("t", "acme.pstn.twilio.com",
                List.of("+15105550100"), null, null, null);

        SipOutboundTrunk updated = gateway.updateOutboundTrunkNumbers(trunk.id(), List.of("+15105550199"),
                List.of("+15105550100"));

        assertEquals(List.of("+15105550199"), updated.numbers());
        assertEquals(List.of("+15105550199"), sandbox.outboundTrunks().get(0).getNumbersList());
    }

    @Test
    void createDispatchRule_sendsIndividualRuleWithAgentInRoomConfig() {
        SipInboundTrunk trunk = gateway.createInboundTrunk("t", List.of("+15105550100"), List.of(), null);

        DispatchRule rule = gateway.createDispatchRule("acme rule", "call", "support-agent", "{\"a\":1}",
                List.of(trunk.id()), "{\"number\":\"+15105550100\"}");

        SIPDispatchRuleInfo stored = sandbox.dispatchRules().get(0);
        assertTrue(rule.id().startsWith("SDR_"), rule.id());
        assertEquals("call", stored.getRule().getDispatchRuleIndividual().getRoomPrefix());
        assertEquals(List.of(trunk.id()), stored.getTrunkIdsList());
        assertEquals("support-agent", stored.getRoomConfig().getAgents(0).getAgentName());
        assertEquals("{\"a\":1}", stored.getRoomConfig().getAgents(0).getMetadata());
        assertEquals(new DispatchRule(rule.id(), "acme rule", "call", List.of(trunk.id()), "support-agent",
                "{\"a\":1}", "{\"number\":\"+15105550100\"}"), rule);
        assertEquals(List.of(rule), gateway.listDispatchRules());
    }

    @Test
    void updateDispatchRule_replacesAgentAndTrunks() {
        SipInboundTrunk a = gateway.createInboundTrunk("a", List.of("+15105550100"), List.of(), null);
        SipInboundTrunk b = gateway.createInboundTrunk("b", List.of("+15105550101"), List.of(), null);
        DispatchRule rule = gateway.createDispatchRule("r", "call", "agent-v1", null, List.of(a.id()), null);

        DispatchRule updated = gateway.updateDispatchRule(rule.id(), "r", "call", "agent-v2", "{}",
                List.of(a.id(), b.id()), null);

        assertEquals("agent-v2", updated.agentName());
        assertEquals(List.of(a.id(), b.id()), updated.trunkIds());
        SIPDispatchRuleInfo stored = sandbox.dispatchRules().get(0);
        assertEquals("agent-v2", stored.getRoomConfig().getAgents(0).getAgentName());
        assertEquals(rule.id(), stored.getSipDispatchRuleId());
    }

    @Test
    void createDispatchRule_whenSameTrunkAlreadyHasARule_throwsPermanentInvalidArgument() {
        SipInboundTrunk trunk = gateway.createInboundTrunk("t", List.of("+15105550100"), List.of(), null);
        gateway.createDispatchRule("first", "call", "agent", null, List.of(trunk.id()), null);

        ProviderException e = assertThrows(ProviderException.Permanent.class, () ->
                gateway.createDispatchRule("second", "other", "agent", null, List.of(trunk.id()), null));

        assertEquals("invalid_argument", e.providerCode());
        assertEquals(1, sandbox.dispatchRules().size());
    }

    @Test
    void deleteDispatchRule_removesIt_andDeletingAgainIsNotAnError() {
        DispatchRule rule = gateway.createDispatchRule("r", "call", null, null, List.of(), null);
        assertNull(rule.agentName());

        gateway.deleteDispatchRule(rule.id());
        gateway.deleteDispatchRule(rule.id());

        assertTrue(sandbox.dispatchRules().isEmpty());
    }
}
