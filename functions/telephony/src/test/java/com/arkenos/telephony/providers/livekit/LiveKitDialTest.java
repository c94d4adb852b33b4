package com.arkenos.telephony.providers.livekit;

import com.arkenos.devkit.livekit.DialOutcome;
import com.arkenos.devkit.livekit.DialRequest;
import com.arkenos.devkit.livekit.LiveKitOperations;
import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.telephony.providers.ProviderException;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Outbound calls: every CreateSIPParticipant field reaches LiveKit, and each callee outcome comes back right. */
class LiveKitDialTest {
    private static final String ROOM = "outbound_call_42";

    @RegisterExtension
    static final LiveKitSandboxFixture fx = new LiveKitSandboxFixture();
    private final LiveKitSandbox sandbox = fx.sandbox();
    private final LiveKitGateway gateway = fx.gateway();
    private String trunkId;

    @BeforeEach
    void outboundTrunk() {
        trunkId = gateway.createOutboundTrunk("out", "acme.pstn.twilio.com", List.of("+15105550100"),
                null, null, null).id();
    }

    private OutboundDial.Builder dialTo(String number) {
        return OutboundDial.builder(trunkId, number, ROOM)
                .fromNumber("+15105550100")
                .participantIdentity("callee")
                .ringingTimeout(Duration.ofSeconds(3))
                .waitUntilAnswered(true);
    }

    @Test
    void dial_whenAnswered_returnsParticipantAndSendsEveryField() {
        SipParticipant p = gateway.dial(OutboundDial.builder(trunkId, "+14155550123", ROOM)
                .fromNumber("+15105550100")
                .participantIdentity("callee-1")
                .participantName("Ada")
                .participantMetadata("{\"call\":\"42\"}")
                .attributes(Map.of("arkenos.callId", "call_42"))
                .ringingTimeout(Duration.ofSeconds(25))
                .maxCallDuration(Duration.ofMinutes(30))
                .waitUntilAnswered(true)
                .playDialtone(true)
                .build());

        assertEquals("callee-1", p.identity());
        assertEquals(ROOM, p.roomName());
        assertTrue(p.sipCallId().startsWith("SCL_"), p.sipCallId());
        DialRequest sent = sandbox.dialRequests().get(0);
        assertEquals(trunkId, sent.sipTrunkId());
        assertEquals("+15105550100", sent.sipNumber());
        assertEquals("+14155550123", sent.sipCallTo());
        assertEquals(ROOM, sent.roomName());
        assertEquals("callee-1", sent.participantIdentity());
        assertEquals("Ada", sent.participantName());
        assertEquals("{\"call\":\"42\"}", sent.participantMetadata());
        assertEquals(Map.of("arkenos.callId", "call_42"), sent.participantAttributes());
        assertEquals(Duration.ofSeconds(25), sent.ringingTimeout());
        assertEquals(Duration.ofMinutes(30), sent.maxCallDuration());
        assertTrue(sent.waitUntilAnswered());
        assertTrue(sent.playDialtone());

        ParticipantInfo inRoom = sandbox.participant(ROOM, "callee-1").orElseThrow();
        assertEquals(p.participantId(), inRoom.getSid());
        assertEquals("active", inRoom.getAttributesOrThrow("sip.callStatus"));
        assertEquals("call_42", inRoom.getAttributesOrThrow("arkenos.callId"));
        assertEquals("+14155550123", inRoom.getAttributesOrThrow("sip.phoneNumber"));
        assertEquals("+15105550100", inRoom.getAttributesOrThrow("sip.trunkPhoneNumber"));
        assertEquals(p.sipCallId(), inRoom.getAttributesOrThrow("sip.callID"));
    }

    @Test
    void dial_whenCalleeBusy_throwsPermanentWithSip486() {
        sandbox.setDialOutcome("+14155550123", DialOutcome.BUSY);

        ProviderException e = assertThrows(ProviderException.Permanent.class,
                () -> gateway.dial(dialTo("+14155550123").build()));

        assertEquals("486", e.providerCode());
        assertEquals(429, e.httpStatus(), "LiveKit maps 486 to resource_exhausted");
        SipCallFailure failure = SipCallFailure.of(e).orElseThrow();
        assertEquals(486, failure.sipStatusCode());
        assertEquals("Busy Here", failure.sipStatus());
        assertEquals("resource_exhausted", failure.twirpCode());
        assertTrue(failure.busy());
        assertTrue(sandbox.participant(ROOM, "callee").isEmpty(), "the failed SIP participant left the room");
    }

    @Test
    void dial_whenCalleeRingsOut_throwsPermanentWithSip480() {
        sandbox.setOutcomeDelay(DialOutcome.NO_ANSWER, Duration.ofMillis(150));

        ProviderException e = assertThrows(ProviderException.Permanent.class,
                () -> gateway.dial(dialTo("+14155550480").build()));

        assertEquals("480", e.providerCode());
        assertTrue(SipCallFailure.of(e).orElseThrow().noAnswer());
    }

    @Test
    void dial_whenCalleeDeclines_throwsPermanentWithSip603() {
        ProviderException e = assertThrows(ProviderException.Permanent.class,
                () -> gateway.dial(dialTo("+14155550603").build()));

        assertEquals("603", e.providerCode());
        assertEquals(403, e.httpStatus(), "LiveKit maps 603 to permission_denied");
        SipCallFailure failure = SipCallFailure.of(e).orElseThrow();
        assertTrue(failure.rejected());
        assertFalse(failure.busy());
    }

    @Test
    void dial_whenLiveKitRingingTimeoutFiresFirst_throwsPermanentNoAnswerWithoutSipCode() {
        sandbox.setDialOutcome("+14155550123", DialOutcome.NO_ANSWER);
        sandbox.setOutcomeDelay(DialOutcome.NO_ANSWER, Duration.ofSeconds(5));

        ProviderException e = assertThrows(ProviderException.Permanent.class, () ->
                gateway.dial(dialTo("+14155550123").ringingTimeout(Duration.ofMillis(200)).build()));

        assertEquals("canceled", e.providerCode());
        assertEquals(408, e.httpStatus());
        SipCallFailure failure = SipCallFailure.of(e).orElseThrow();
        assertEquals(0, failure.sipStatusCode());
        assertTrue(failure.noAnswer());
    }

    @Test
    void dial_whenWaitingLongerThanTheReadTimeout_waitsForTheAnswer() {
        // The gateway's normal read timeout is 700 ms; this callee answers after 1.2 s of ringing.
        sandbox.setOutcomeDelay(DialOutcome.ANSWERED, Duration.ofMillis(1200));

        SipParticipant p = gateway.dial(dialTo("+14155550123").ringingTimeout(Duration.ofSeconds(2)).build());

        assertEquals("callee", p.identity());
        assertEquals("active", sandbox.participant(ROOM, "callee").orElseThrow()
                .getAttributesOrThrow("sip.callStatus"));
    }

    @Test
    void dial_withoutWaiting_returnsAtOnce_andABusyCalleeLeavesTheRoomLater() throws InterruptedException {
        sandbox.setOutcomeDelay(DialOutcome.BUSY, Duration.ofMillis(300));

        SipParticipant p = gateway.dial(dialTo("+14155550486").waitUntilAnswered(false).build());

        assertEquals("dialing", sandbox.participant(ROOM, p.identity()).orElseThrow()
                .getAttributesOrThrow("sip.callStatus"));
        awaitGone(ROOM, p.identity(), Duration.ofSeconds(3));
    }

    @Test
    void dial_whenTrunkUnknown_throwsPermanentNotFound() {
        ProviderException e = assertThrows(ProviderException.Permanent.class, () -> gateway.dial(
                OutboundDial.builder("ST_missing", "+14155550123", ROOM).waitUntilAnswered(true).build()));

        assertEquals("not_found", e.providerCode());
        assertTrue(SipCallFailure.of(e).isEmpty(), "a missing trunk is not a call outcome");
    }

    @Test
    void dial_isSentOnce_evenWhenTheCallFails() {
        assertThrows(ProviderException.Permanent.class, () -> gateway.dial(dialTo("+14155550486").build()));

        assertEquals(1, sandbox.faults().calls(LiveKitOperations.SIP_CREATE_PARTICIPANT));
    }

    private void awaitGone(String room, String identity, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (sandbox.participant(room, identity).isEmpty()) {
                return;
            }
            Thread.sleep(20);
        }
        fail(identity + " still in " + room + " after " + timeout);
    }
}
