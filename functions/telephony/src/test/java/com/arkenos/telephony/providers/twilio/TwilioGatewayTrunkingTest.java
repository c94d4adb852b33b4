package com.arkenos.telephony.providers.twilio;

import static com.arkenos.devkit.twilio.TwilioOperations.TRUNK_PHONE_NUMBERS_CREATE;
import static com.arkenos.devkit.twilio.TwilioOperations.TRUNK_PHONE_NUMBERS_DELETE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arkenos.devkit.twilio.SandboxOriginationUrl;
import com.arkenos.devkit.twilio.SandboxTrunk;
import com.arkenos.telephony.providers.ProviderException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TwilioGatewayTrunkingTest extends SandboxGatewayTestBase {
    private static final String UNKNOWN_TRUNK = "TK00000000000000000000000000000000";

    @Test
    void createTrunk_isFetchableAndListedAndStoredOnTwilio() {
        SipTrunk trunk = gateway.createTrunk("agent-1");

        assertTrue(trunk.sid().matches("TK[0-9a-f]{32}"), trunk.sid());
        assertEquals("agent-1", trunk.friendlyName());
        assertEquals(Optional.of(trunk), gateway.fetchTrunk(trunk.sid()));
        assertEquals(List.of(trunk), gateway.listTrunks());
        assertEquals(List.of(trunk.sid()), sandbox.trunks().stream().map(SandboxTrunk::sid).toList());
    }

    @Test
    void fetchTrunk_unknownSid_isEmpty() {
        assertEquals(Optional.empty(), gateway.fetchTrunk(UNKNOWN_TRUNK));
    }

    @Test
    void updateTrunkDomain_setsTheTerminationDomain() {
        SipTrunk trunk = gateway.createTrunk("agent-1");

        SipTrunk updated = gateway.updateTrunkDomain(trunk.sid(), "arkenos-agent-1.pstn.twilio.com");

        assertEquals("arkenos-agent-1.pstn.twilio.com", updated.domainName());
        assertEquals("arkenos-agent-1.pstn.twilio.com", sandbox.trunk(trunk.sid()).orElseThrow().domainName());
    }

    @Test
    void updateTrunkDomain_takenByAnotherTrunk_isPermanentDomainTaken() {
        SipTrunk first = gateway.createTrunk("first");
        SipTrunk second = gateway.createTrunk("second");
        gateway.updateTrunkDomain(first.sid(), "shared.pstn.twilio.com");

        assertFails(ProviderException.Permanent.class, 400, "21248",
                () -> gateway.updateTrunkDomain(second.sid(), "shared.pstn.twilio.com"));
        assertEquals(null, sandbox.trunk(second.sid()).orElseThrow().domainName());
    }

    @Test
    void updateTrunkDomain_outsidePstnTwilioCom_isPermanentValidationError() {
        SipTrunk trunk = gateway.createTrunk("agent-1");

        assertFails(ProviderException.Permanent.class, 400, "21245",
                () -> gateway.updateTrunkDomain(trunk.sid(), "agent.example.com"));
    }

    @Test
    void createOriginationUrl_isListedAndStoredOnTwilio() {
        SipTrunk trunk = gateway.createTrunk("agent-1");

        OriginationUrl url = gateway.createOriginationUrl(trunk.sid(), "livekit", "sip:abc.sip.livekit.cloud", 10,
                20);

        assertEquals(new OriginationUrl(url.sid(), trunk.sid(), "livekit", "sip:abc.sip.livekit.cloud", 10, 20, true),
                url);
        assertEquals(List.of(url), gateway.listOriginationUrls(trunk.sid()));
        assertEquals(List.of(new SandboxOriginationUrl(url.sid(), "livekit", "sip:abc.sip.livekit.cloud", 10, 20,
                true)), sandbox.trunk(trunk.sid()).orElseThrow().originationUrls());
    }

    @Test
    void createOriginationUrl_onUnknownTrunk_isPermanentNotFound() {
        assertFails(ProviderException.Permanent.class, 404, "20404",
                () -> gateway.createOriginationUrl(UNKNOWN_TRUNK, "livekit", "sip:abc.sip.livekit.cloud", 10, 20));
    }

    @Test
    void associateNumber_putsTheNumberOnTheTrunk() {
        SipTrunk trunk = gateway.createTrunk("agent-1");
        OwnedNumber number = buyLocal(510);

        gateway.associateNumber(trunk.sid(), number.sid());

        assertTrue(gateway.isNumberOnTrunk(trunk.sid(), number.sid()));
        assertEquals(Set.of(number.sid()), sandbox.trunk(trunk.sid()).orElseThrow().phoneNumberSids());
        assertEquals(trunk.sid(), gateway.findOwned(number.phoneNumber()).orElseThrow().trunkSid());
    }

    @Test
    void associateNumber_againOnTheSameTrunk_succeeds() {
        SipTrunk trunk = gateway.createTrunk("agent-1");
        OwnedNumber number = buyLocal(510);
        gateway.associateNumber(trunk.sid(), number.sid());

        gateway.associateNumber(trunk.sid(), number.sid());

        assertEquals(2, sandbox.faults().calls(TRUNK_PHONE_NUMBERS_CREATE), "the second association was attempted");
        assertEquals(Set.of(number.sid()), sandbox.trunk(trunk.sid()).orElseThrow().phoneNumberSids());
    }

    @Test
    void associateNumber_alreadyOnAnotherTrunk_isPermanentAndLeavesItThere() {
        SipTrunk first = gateway.createTrunk("first");
        SipTrunk second = gateway.createTrunk("second");
        OwnedNumber number = buyLocal(510);
        gateway.associateNumber(first.sid(), number.sid());

        assertFails(ProviderException.Permanent.class, 400, "21245",
                () -> gateway.associateNumber(second.sid(), number.sid()));
        assertEquals(first.sid(), sandbox.ownedNumber(number.phoneNumber()).orElseThrow().trunkSid());
        assertEquals(Set.of(), sandbox.trunk(second.sid()).orElseThrow().phoneNumberSids());
    }

    @Test
    void associateNumber_notOwned_isPermanentNotFound() {
        SipTrunk trunk = gateway.createTrunk("agent-1");

        assertFails(ProviderException.Permanent.class, 404, "20404",
                () -> gateway.associateNumber(trunk.sid(), "PN00000000000000000000000000000000"));
    }

    @Test
    void isNumberOnTrunk_forANumberOnAnotherTrunk_isFalse() {
        SipTrunk first = gateway.createTrunk("first");
        SipTrunk second = gateway.createTrunk("second");
        OwnedNumber number = buyLocal(510);
        gateway.associateNumber(first.sid(), number.sid());

        assertFalse(gateway.isNumberOnTrunk(second.sid(), number.sid()));
    }

    @Test
    void removeNumber_takesItOffTheTrunk_andRemovingAgainSucceeds() {
        SipTrunk trunk = gateway.createTrunk("agent-1");
        OwnedNumber number = buyLocal(510);
        gateway.associateNumber(trunk.sid(), number.sid());

        gateway.removeNumber(trunk.sid(), number.sid());
        gateway.removeNumber(trunk.sid(), number.sid());

        assertEquals(2, sandbox.faults().calls(TRUNK_PHONE_NUMBERS_DELETE));
        assertFalse(gateway.isNumberOnTrunk(trunk.sid(), number.sid()));
        assertEquals(Set.of(), sandbox.trunk(trunk.sid()).orElseThrow().phoneNumberSids());
        assertEquals(null, sandbox.ownedNumber(number.phoneNumber()).orElseThrow().trunkSid());
    }
}
