package com.arkenos.livekit;

import com.arkenos.devkit.livekitserver.PortRange;
import com.arkenos.devkit.livekitserver.RealSipBridge;
import com.arkenos.devkit.livekitserver.Sipp;
import com.arkenos.devkit.livekitserver.TerminationScenario;
import com.arkenos.devkit.livekitserver.TerminationScenario.Outcome;
import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.providers.livekit.LiveKitGateway;
import com.arkenos.telephony.providers.livekit.OutboundDial;
import com.arkenos.telephony.providers.livekit.SipCallFailure;
import com.arkenos.telephony.providers.livekit.SipParticipant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The product's LiveKit gateway dialling through the real server and livekit-sip to sipp playing Twilio's
 * termination URI ({@link TerminationScenario}): the digest credentials and caller ID reach Twilio's side as the
 * outbound trunk holds them, an answer returns the SIP participant, and a 486, a 480 and a ringing timeout come back
 * as the {@link SipCallFailure} the dial step turns into BUSY / NO_ANSWER with their SIP codes. Skipped, with the
 * reason, without livekit-server, livekit-sip or sipp (local/livekit/install.sh).
 */
class RealSipOutboundCallTest {
    private static final String USER = "arkenos-lk";
    private static final String PASSWORD = "Lk9outboundTestPassword";
    private static final String CALLER_ID = "+15105550100";
    @RegisterExtension
    static final RealLiveKit real = new RealLiveKit();
    private static RealSipBridge bridge;
    private static LiveKitGateway gateway;
    private static Path work;

    @BeforeAll
    static void startBridge() {
        assumeTrue(RealSipBridge.binary().isPresent(), "livekit-sip missing: run local/livekit/install.sh");
        assumeTrue(Sipp.binary().isPresent(), "sipp missing: run local/livekit/install.sh (Debian's sip-tester)");
        work = Path.of("target/real-livekit/RealSipOutboundCallTest").toAbsolutePath();
        bridge = RealSipBridge.start(work, real.server(), PortRange.fromEnvironment());
        gateway = new Backend("real", real.server().url(), real.server().apiKey(), real.server().apiSecret(),
                () -> { }).gateway();
    }

    @AfterAll
    static void stopBridge() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void anAnsweredCall_reachesTwilioWithTheTrunksCredentialsAndCallerId() throws Exception {
        try (Sipp twilio = twilio("answer", new TerminationScenario(USER, PASSWORD, CALLER_ID, Outcome.ANSWER))) {
            String room = room();
            SipParticipant callee = dial(twilio, room, PASSWORD, 20);
            assertFalse(callee.sipCallId().isBlank(), callee.toString());
            gateway.deleteRoom(room); // LiveKit hangs up: BYE to Twilio's side, which the scenario waits for
            assertEquals(0, twilio.await(20), twilio.report());
        }
    }

    @Test
    void wrongCredentials_areRefusedByTwilio() throws Exception {
        try (Sipp twilio = twilio("wrong-password", new TerminationScenario(USER, PASSWORD, CALLER_ID,
                Outcome.ANSWER))) {
            SipCallFailure f = failure(twilio, "not-" + PASSWORD, 20);
            assertEquals(403, f.sipStatusCode(), f.getMessage());
            assertNotEquals(0, twilio.await(20), "Twilio's side took wrong credentials:\n" + twilio.report());
        }
    }

    @Test
    void busyAndUnavailable_comeBackWithTheirSipCodes() throws Exception {
        for (Outcome outcome : List.of(Outcome.BUSY, Outcome.UNAVAILABLE)) {
            try (Sipp twilio = twilio(outcome.name(), new TerminationScenario(USER, PASSWORD, CALLER_ID, outcome))) {
                SipCallFailure f = failure(twilio, PASSWORD, 20);
                assertEquals(outcome == Outcome.BUSY ? 486 : 480, f.sipStatusCode(), f.getMessage());
                assertEquals(outcome == Outcome.BUSY, f.busy(), f.getMessage());
                assertEquals(outcome == Outcome.UNAVAILABLE, f.noAnswer(), f.getMessage());
                assertEquals(0, twilio.await(20), twilio.report());
            }
        }
    }

    @Test
    void aCallNobodyAnswers_endsAtTheRingingTimeout() throws Exception {
        try (Sipp twilio = twilio("no-answer", new TerminationScenario(USER, PASSWORD, CALLER_ID,
                Outcome.NO_ANSWER))) {
            SipCallFailure f = failure(twilio, PASSWORD, 5);
            assertEquals(true, f.noAnswer(), f.getMessage());
            assertEquals(0, twilio.await(20), "LiveKit did not cancel the ringing call:\n" + twilio.report());
        }
    }

    private static Sipp twilio(String name, TerminationScenario scenario) {
        return Sipp.terminate(work, name, scenario);
    }

    private static String room() {
        String room = "outbound-" + UUID.randomUUID().toString().substring(0, 8);
        gateway.createRoom(room, "", 60, null, null);
        return room;
    }

    private static SipParticipant dial(Sipp twilio, String room, String password, int ringingSeconds) {
        // A trunk per call: each call's Twilio side listens on its own port, as each password is its own.
        String trunk = gateway.createOutboundTrunk("Arkenos Outbound " + room, "127.0.0.1:" + twilio.port(),
                List.of(CALLER_ID), USER, password, "").id();
        return gateway.dial(OutboundDial.builder(trunk, "+15105550199", room).fromNumber(CALLER_ID)
                .participantIdentity("callee-" + room).participantName("callee")
                .ringingTimeout(Duration.ofSeconds(ringingSeconds)).maxCallDuration(Duration.ofSeconds(120))
                .waitUntilAnswered(true).build());
    }

    private static SipCallFailure failure(Sipp twilio, String password, int ringingSeconds) {
        ProviderException e = assertThrows(ProviderException.class, () -> dial(twilio, room(), password,
                ringingSeconds), () -> "answered:\n" + twilio.report());
        Optional<SipCallFailure> f = SipCallFailure.of(e);
        return f.orElseThrow(() -> new AssertionError("not a SIP failure: " + e + "\n" + twilio.report()
                + "\nlivekit-sip log:\n" + bridge.logTail(20)));
    }
}
