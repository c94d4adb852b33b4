package com.arkenos.local;

import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.devkit.twilio.SandboxTrunk;
import com.arkenos.devkit.twilio.TwilioSandbox;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.providers.Providers;
import com.arkenos.telephony.provisioning.InfraDrift;
import com.arkenos.telephony.wiring.TelephonyWiring;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing trusted for ever: shared SIP resources deleted out of band (in Twilio's console, through LiveKit's API)
 * are found gone and made again, by the next provisioning that needs them and by the scheduled sweep, with every
 * routed number put back on them. Real parts: DynamoDB Local, the ASL engine, the Twilio and LiveKit sandboxes.
 */
class InfraDriftTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SETTLED = Set.of("ACTIVE", "FAILED", "RELEASED");
    private static LocalRuntime runtime;
    private static Telephony api;
    private static TwilioSandbox twilio;
    private static LiveKitSandbox livekit;
    private static Providers providers;
    private String user;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.create(SamTemplate.find(), new LocalRuntime.Options(0, "127.0.0.1", true, null)
                .withTimeScale(0.01));
        api = new Telephony(new Http("http://127.0.0.1:" + runtime.serve("127.0.0.1", 0).port()));
        twilio = runtime.providers().twilioSandbox();
        livekit = runtime.providers().liveKitSandbox();
        providers = new Providers(Env.of(runtime.host().environment("SweepFunction")));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @BeforeEach
    void fresh() {
        runtime.dynamo().clear();
        twilio.reset();
        livekit.reset();
        user = "drift-" + UUID.randomUUID();
    }

    private String activeNumber(String area) {
        String agent = api.agent(user, "Agent " + UUID.randomUUID());
        String phone = api.search(area, 5).get(0).path("phone_number").asText();
        assertEquals(200, api.buy(user, phone, agent).status());
        assertEquals("ACTIVE", api.await(user, phone, SETTLED, Duration.ofSeconds(30)).path("status").asText());
        return phone;
    }

    private static JsonNode sweep() throws Exception {
        return JSON.readTree(runtime.host().invoke("SweepFunction", "{}".getBytes(StandardCharsets.UTF_8)));
    }

    private static String sidOf(String phone) {
        return twilio.ownedNumber(phone).orElseThrow().sid();
    }

    private static boolean routedInbound(String phone) {
        return livekit.routeInbound(phone, "+14155550199", CallsTest.TWILIO_EDGE).result()
                == com.arkenos.devkit.livekit.InboundRoute.Result.ROUTED;
    }

    @Test
    void aTwilioTrunkDeletedInTheConsole_isMadeAgainByTheNextBuy_withEveryRoutedNumberOnIt() throws Exception {
        String first = activeNumber("510");
        SandboxTrunk old = twilio.trunks().get(0);
        OutOfBand.deleteTwilioTrunk(twilio, old.sid());

        String second = activeNumber("415");
        List<SandboxTrunk> trunks = twilio.trunks();
        assertEquals(1, trunks.size(), trunks.toString());
        SandboxTrunk made = trunks.get(0);
        assertNotEquals(old.sid(), made.sid());
        assertTrue(made.phoneNumberSids().containsAll(Set.of(sidOf(first), sidOf(second))),
                "both numbers reach LiveKit again: " + made);
        assertEquals(1, made.originationUrls().size(), made.toString());
    }

    /**
     * A remade Twilio trunk gets its routed numbers a page at a time within a time budget (thousands cannot be
     * attached inside one step's timeout): where it stopped is kept on the trunk's record and each sweep goes on
     * from there until every number is on the trunk. Here one number a page and no time to spare, so each run does
     * exactly one page.
     */
    @Test
    void aRemadeTwilioTrunk_getsItsNumbersAPageAtATime_andEachSweepGoesOn() throws Exception {
        List<String> phones = List.of(activeNumber("510"), activeNumber("415"), activeNumber("510"));
        Set<String> sids = Set.of(sidOf(phones.get(0)), sidOf(phones.get(1)), sidOf(phones.get(2)));
        TelephonyWiring wiring = Env.hosting(Env.of(runtime.host().environment("SweepFunction")),
                TelephonyWiring::current);
        InfraDrift drift = wiring.infraDrift().withReattachLimits(1, Duration.ZERO);
        SandboxTrunk old = twilio.trunks().get(0);
        OutOfBand.deleteTwilioTrunk(twilio, old.sid());

        String repair = drift.replaceTwilioTrunk(old.sid());
        assertTrue(repair.contains("attached 1 routed numbers so far"), repair);
        SandboxTrunk made = twilio.trunks().get(0);
        assertEquals(1, made.phoneNumberSids().size(), made.toString());
        assertTrue(wiring.infraStore().get("twilio_trunk").orElseThrow().containsKey("reattach_after"));

        List<String> second = drift.verify();
        assertTrue(second.get(0).contains("attached 1 routed numbers so far"), second.toString());
        assertEquals(2, twilio.trunks().get(0).phoneNumberSids().size(), "the sweep went on from the mark");
        // The last page can end with DynamoDB's "there may be more", so the run after it may find an empty page.
        List<String> runs = new java.util.ArrayList<>();
        for (int run = 0; run < 3 && wiring.infraStore().get("twilio_trunk").orElseThrow()
                .containsKey("reattach_after"); run++) {
            runs.addAll(drift.verify());
        }
        assertTrue(runs.size() <= 2 && runs.get(runs.size() - 1).matches(".*attached [01] routed numbers"),
                runs.toString());
        assertEquals(sids, Set.copyOf(twilio.trunks().get(0).phoneNumberSids()), "every routed number, once each");
        assertTrue(!wiring.infraStore().get("twilio_trunk").orElseThrow().containsKey("reattach_after"),
                "the mark is gone once the last page is done");
        assertEquals(List.of(), drift.verify(), "then nothing is left to do");
    }

    @Test
    void aDispatchRuleDeletedOutOfBand_isMadeAgainByTheNextBuy() {
        String first = activeNumber("510");
        String rule = livekit.dispatchRules().get(0).getSipDispatchRuleId();
        providers.livekit().deleteDispatchRule(rule);
        assertTrue(livekit.dispatchRules().isEmpty());
        assertTrue(!routedInbound(first), "a call to it reaches no room now");

        String second = activeNumber("415");
        List<SIPDispatchRuleInfo> rules = livekit.dispatchRules();
        assertEquals(1, rules.size());
        assertEquals(List.of(livekit.inboundTrunks().get(0).getSipTrunkId()), rules.get(0).getTrunkIdsList());
        assertTrue(routedInbound(first) && routedInbound(second), "calls to both numbers reach a room again");
    }

    @Test
    void theSweep_repairsADeletedRuleInboundTrunkAndTwilioTrunk_thenFindsNothingToRepair() throws Exception {
        String phone = activeNumber("510");
        JsonNode clean = sweep();
        assertEquals(0, clean.path("repairs").size(), clean.toString());

        providers.livekit().deleteDispatchRule(livekit.dispatchRules().get(0).getSipDispatchRuleId());
        JsonNode ruleRepaired = sweep();
        assertEquals(1, ruleRepaired.path("repairs").size(), ruleRepaired.toString());
        assertEquals(1, livekit.dispatchRules().size());

        String inbound = livekit.inboundTrunks().get(0).getSipTrunkId();
        providers.livekit().deleteTrunk(inbound);
        JsonNode trunkRepaired = sweep();
        assertTrue(trunkRepaired.path("repairs").get(0).asText().contains("inbound trunk"), trunkRepaired.toString());
        assertEquals(List.of(phone), livekit.inboundTrunks().get(0).getNumbersList());
        assertTrue(routedInbound(phone));
        assertEquals(List.of(livekit.inboundTrunks().get(0).getSipTrunkId()),
                livekit.dispatchRules().get(0).getTrunkIdsList());

        OutOfBand.deleteTwilioTrunk(twilio, twilio.trunks().get(0).sid());
        JsonNode twilioRepaired = sweep();
        assertTrue(twilioRepaired.path("repairs").get(0).asText().contains("Twilio trunk"), twilioRepaired.toString());
        assertTrue(twilio.trunks().get(0).phoneNumberSids().contains(sidOf(phone)));

        JsonNode after = sweep();
        assertEquals(0, after.path("repairs").size(), after.toString());
    }

    @Test
    void anOriginationUrlDeletedInTheConsole_isMadeAgainByTheSweep_soCallsReachLiveKitAgain() throws Exception {
        activeNumber("510");
        SandboxTrunk trunk = twilio.trunks().get(0);
        String url = trunk.originationUrls().get(0).sipUrl();
        OutOfBand.deleteOriginationUrl(twilio, trunk.sid(), trunk.originationUrls().get(0).sid());
        assertTrue(twilio.trunks().get(0).originationUrls().isEmpty());

        JsonNode repaired = sweep();
        assertEquals(1, repaired.path("repairs").size(), repaired.toString());
        assertTrue(repaired.path("repairs").get(0).asText().contains("origination URL"), repaired.toString());
        List<com.arkenos.devkit.twilio.SandboxOriginationUrl> urls = twilio.trunks().get(0).originationUrls();
        assertEquals(1, urls.size(), urls.toString());
        assertEquals(url, urls.get(0).sipUrl());
        assertTrue(urls.get(0).enabled());
        assertEquals(0, sweep().path("repairs").size(), "nothing left to repair");
    }

    @Test
    void aDispatchRuleBoundToAnotherTrunk_isBoundBackByTheSweep() throws Exception {
        String phone = activeNumber("510");
        String inbound = livekit.inboundTrunks().get(0).getSipTrunkId();
        String other = providers.livekit().createInboundTrunk("someone-else", List.of("+15005550006"),
                List.of("192.0.2.1/32"), "{}").id();
        SIPDispatchRuleInfo rule = livekit.dispatchRules().get(0);
        providers.livekit().updateDispatchRule(rule.getSipDispatchRuleId(), rule.getName(),
                rule.getRule().getDispatchRuleIndividual().getRoomPrefix(), "arkenos-agent", "{}", List.of(other),
                rule.getMetadata());
        assertTrue(!routedInbound(phone), "a call to it reaches no room now");

        JsonNode repaired = sweep();
        assertEquals(1, repaired.path("repairs").size(), repaired.toString());
        assertTrue(repaired.path("repairs").get(0).asText().contains("was bound to [" + other + "]"),
                repaired.toString());
        List<SIPDispatchRuleInfo> rules = livekit.dispatchRules().stream()
                .filter(r -> r.getTrunkIdsList().contains(inbound)).toList();
        assertEquals(1, rules.size(), livekit.dispatchRules().toString());
        assertTrue(routedInbound(phone), "calls to it reach a room again");
        assertEquals(0, sweep().path("repairs").size(), "nothing left to repair");
    }

    @Test
    void aTerminationDomainChangedInTheConsole_isSetBackByTheSweep_soOutboundCallsDialItAgain() throws Exception {
        activeNumber("510");
        SandboxTrunk trunk = twilio.trunks().get(0);
        String domain = trunk.domainName();
        assertTrue(domain != null && domain.endsWith(".pstn.twilio.com"), trunk.toString());
        OutOfBand.setTwilioTrunkDomain(twilio, trunk.sid(), "someone-else.pstn.twilio.com");

        JsonNode repaired = sweep();
        assertEquals(1, repaired.path("repairs").size(), repaired.toString());
        assertTrue(repaired.path("repairs").get(0).asText().contains("termination domain"), repaired.toString());
        assertEquals(domain, twilio.trunks().get(0).domainName());
        assertEquals(0, sweep().path("repairs").size(), "nothing left to repair");
    }
}
