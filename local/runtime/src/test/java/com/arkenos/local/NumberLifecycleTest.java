package com.arkenos.local;

import com.arkenos.devkit.faults.Fault;
import com.arkenos.devkit.livekit.InboundCall;
import com.arkenos.devkit.livekit.InboundRoute;
import com.arkenos.devkit.livekit.LiveKitOperations;
import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.twilio.SandboxTrunk;
import com.arkenos.devkit.twilio.TwilioOperations;
import com.arkenos.devkit.twilio.TwilioSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4's "must show", over HTTP on the local stack: the number lifecycle through the real state machine, the
 * real SDKs and the sandboxes.
 */
class NumberLifecycleTest {
    /** An address in Twilio's signalling range, where real inbound calls come from. */
    static final String TWILIO_EDGE = "54.172.60.1";

    private final LocalRuntime runtime = TestStack.runtime();
    private final Telephony api = new Telephony(TestStack.http());
    private final TwilioSandbox twilio = runtime.providers().twilioSandbox();
    private final LiveKitSandbox livekit = runtime.providers().liveKitSandbox();
    private String user;

    @BeforeEach
    void freshWorld() {
        TestStack.reset();
        user = "owner-" + UUID.randomUUID();
    }

    private String firstAvailable(String areaCode) {
        return api.search(areaCode, 5).get(0).get("phone_number").asText();
    }

    @Test
    void lifecycle_searchBuyReleaseAssignReassign() {
        String a = api.agent(user, "Front desk");
        String b = api.agent(user, "Night shift");
        JsonNode found = api.search("510", 5);
        assertTrue(found.size() > 0);
        assertTrue(found.get(0).has("friendly_name") && found.get(0).has("capabilities"));
        String phone = found.get(0).get("phone_number").asText();

        Http.Response bought = api.buy(user, phone, a);
        assertEquals(200, bought.status(), bought.body());
        assertNotNull(bought.json().get("twilio_sid").textValue());
        JsonNode active = api.awaitSettled(user, phone);
        assertEquals("ACTIVE", active.get("status").asText(), active.toString());
        active.get("steps").forEach(s -> assertEquals("SUCCEEDED", s.get("state").asText(), active.toString()));
        assertEquals(1, twilio.purchases(phone));
        SandboxTrunk trunk = twilio.trunks().get(0);
        assertEquals(1, twilio.trunks().size());
        assertTrue(trunk.phoneNumberSids().contains(active.get("twilio_sid").asText()));
        assertTrue(trunk.originationUrls().get(0).sipUrl().startsWith("sip:"));

        InboundRoute route = livekit.routeInbound(phone, "+14155550123", TWILIO_EDGE);
        assertEquals(InboundRoute.Result.ROUTED, route.result(), route.reason());
        assertEquals(InboundRoute.Result.ADDRESS_NOT_ALLOWED,
                livekit.routeInbound(phone, "+14155550123", "203.0.113.9").result());
        InboundCall call = livekit.placeInboundCall(phone, "+14155550123", TWILIO_EDGE);
        assertTrue(livekit.agentDispatches(call.roomName()).stream()
                .anyMatch(d -> d.getAgentName().equals("arkenos-agent")), "arkenos-agent dispatched");
        assertEquals(a, api.lookup(phone).json().get("agent_id").asText());

        Http.Response released = api.release(user, phone);
        assertEquals(200, released.status(), released.body());
        assertEquals("RELEASED", api.awaitSettled(user, phone).get("status").asText());
        assertEquals(InboundRoute.Result.NO_TRUNK, livekit.routeInbound(phone, "+14155550123", TWILIO_EDGE).result());
        assertTrue(twilio.ownedNumber(phone).isPresent(), "the number stays in the Twilio account");
        assertTrue(twilio.trunks().get(0).phoneNumberSids().isEmpty());
        assertTrue(livekit.outboundTrunks().stream().noneMatch(t -> t.getNumbersList().contains(phone)));
        assertTrue(livekit.inboundTrunks().stream().noneMatch(t -> t.getNumbersList().isEmpty()),
                "no catch-all inbound trunk is left behind");
        assertEquals(404, api.lookup(phone).status());

        Http.Response assigned = api.assign(user, phone, a);
        assertEquals(200, assigned.status(), assigned.body());
        assertEquals("ACTIVE", api.awaitSettled(user, phone).get("status").asText());
        assertEquals(InboundRoute.Result.ROUTED, livekit.routeInbound(phone, "+14155550123", TWILIO_EDGE).result());

        Http.Response moved = api.reassign(user, phone, b);
        assertEquals(200, moved.status(), moved.body());
        assertEquals(b, api.lookup(phone).json().get("agent_id").asText());
        assertEquals(InboundRoute.Result.ROUTED, livekit.routeInbound(phone, "+14155550123", TWILIO_EDGE).result());
        assertEquals(1, twilio.purchases(phone), "never bought twice");
        assertEquals(1, twilio.trunks().size());
        assertEquals(1, livekit.inboundTrunks().size());
        assertEquals(1, livekit.dispatchRules().size());
        assertEquals(1, livekit.outboundTrunks().size());
    }

    @ParameterizedTest(name = "{0} fails on {1}")
    @CsvSource({
            "EnsureTwilioTrunk, twilio, " + TwilioOperations.TRUNKS_CREATE,
            "EnsureInboundTrunk, livekit, " + LiveKitOperations.SIP_CREATE_INBOUND_TRUNK,
            "EnsureDispatchRule, livekit, " + LiveKitOperations.SIP_CREATE_DISPATCH_RULE,
            "EnsureOutboundTrunk, livekit, " + LiveKitOperations.SIP_CREATE_OUTBOUND_TRUNK,
            "AttachToTwilioTrunk, twilio, " + TwilioOperations.TRUNK_PHONE_NUMBERS_CREATE,
            "AddToInboundTrunk, livekit, " + LiveKitOperations.SIP_UPDATE_INBOUND_TRUNK,
            "AddToOutboundTrunk, livekit, " + LiveKitOperations.SIP_UPDATE_OUTBOUND_TRUNK})
    void step_whenFaultOutlastsRetries_failsNamingStep_andRetryActivates(String step, String provider,
            String operation) {
        String agent = api.agent(user, "A");
        String phone = firstAvailable("415");
        (provider.equals("twilio") ? twilio.faults() : livekit.faults()).failNext(operation, 1000, Fault.SERVER_ERROR);

        assertEquals(200, api.buy(user, phone, agent).status());
        JsonNode failed = api.awaitSettled(user, phone);
        assertEquals("FAILED", failed.get("status").asText(), failed.toString());
        assertEquals(step, failed.at("/last_error/step").asText(), failed.toString());
        assertEquals(provider, failed.at("/last_error/provider").asText(), failed.toString());
        assertEquals("500", failed.at("/last_error/code").asText().replace("20500", "500").replace("internal", "500"),
                failed.toString());

        (provider.equals("twilio") ? twilio.faults() : livekit.faults()).clearFaults();
        assertEquals(200, api.retry(user, phone).status());
        JsonNode active = api.awaitSettled(user, phone);
        assertEquals("ACTIVE", active.get("status").asText(), active.toString());
        assertEquals(1, twilio.purchases(phone));
        assertEquals(1, twilio.trunks().size());
        assertEquals(1, twilio.trunks().get(0).phoneNumberSids().size());
        assertEquals(1, livekit.inboundTrunks().size());
        assertEquals(1, livekit.inboundTrunks().get(0).getNumbersCount());
        assertEquals(1, livekit.dispatchRules().size());
        assertEquals(1, livekit.outboundTrunks().size());
        assertEquals(1, twilio.credentialLists().size());
        assertEquals(InboundRoute.Result.ROUTED, livekit.routeInbound(phone, "+14155550123", TWILIO_EDGE).result());
    }

    @Test
    void transientFaultWithinRetryBudget_endsActiveWithoutUserAction() {
        String agent = api.agent(user, "A");
        String phone = firstAvailable("212");
        twilio.faults().failNext(TwilioOperations.TRUNK_PHONE_NUMBERS_CREATE, 2, Fault.RATE_LIMITED);
        livekit.faults().failNext(LiveKitOperations.SIP_UPDATE_INBOUND_TRUNK, 2, Fault.SERVER_ERROR);
        assertEquals(200, api.buy(user, phone, agent).status());
        JsonNode n = api.awaitSettled(user, phone);
        assertEquals("ACTIVE", n.get("status").asText(), n.toString());
        assertEquals(3, twilio.faults().calls(TwilioOperations.TRUNK_PHONE_NUMBERS_CREATE));
        assertEquals(1, twilio.trunks().get(0).phoneNumberSids().size());
    }

    @Test
    void retry_whenActive_changesNothingAtProviders() {
        String agent = api.agent(user, "A");
        String phone = firstAvailable("510");
        api.buy(user, phone, agent);
        assertEquals("ACTIVE", api.awaitSettled(user, phone).get("status").asText());
        long twilioCalls = twilio.faults().totalCalls();
        long livekitCalls = livekit.faults().totalCalls();
        Http.Response r = api.retry(user, phone);
        assertEquals(200, r.status(), r.body());
        assertEquals("ACTIVE", r.json().get("status").asText());
        assertEquals(twilioCalls, twilio.faults().totalCalls());
        assertEquals(livekitCalls, livekit.faults().totalCalls());
    }
}
