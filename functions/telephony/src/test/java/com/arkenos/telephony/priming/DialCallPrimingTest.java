package com.arkenos.telephony.priming;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.calls.CallRecord;
import com.arkenos.telephony.handlers.calls.DialCallHandler;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.providers.livekit.LiveKitCredentials;
import com.arkenos.telephony.providers.livekit.SdkLiveKitGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dial step primes an answered and a busy dial on stand-ins, then dials through its own LiveKit. */
class DialCallPrimingTest {
    @RegisterExtension
    static final PrimingFixture fx = new PrimingFixture();

    @Test
    void beforeCheckpoint_dialsOnStandIns_andTheFunctionThenDialsThroughItsOwnWiring() throws Exception {
        DialCallHandler dial = Env.hosting(fx.env("DialCallFunction"), DialCallHandler::new);

        List<String> lines = PrimingFixture.logged(() -> dial.beforeCheckpoint(null));

        PrimingFixture.assertPrimed(lines, "DialCallHandler");
        String all = String.join("\n", lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"call_answered\"")
                && l.contains(PrimingWorld.OUTBOUND_CALL) && l.contains("\"recorded\":true")), all);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"call_not_connected\"")
                && l.contains("\"status\":\"BUSY\"") && l.contains("\"sip_status_code\":486")), all);
        assertTrue(PrimingFixture.standInRequests(lines, "livekit") >= 3, "two dials and a room deleted:\n" + all);
        fx.assertNothingReached();

        String trunk = new SdkLiveKitGateway(LiveKitCredentials.of(fx.livekit.url(), fx.livekit.apiKey(),
                fx.livekit.apiSecret())).createOutboundTrunk("out", "acme.pstn.twilio.com", List.of("+15105550100"),
                null, null, null).id();
        CallRecord call = Seeds.outboundCall("owner-" + UUID.randomUUID(), "+14155550123", trunk);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dial.handleRequest(new ByteArrayInputStream(("{\"call_id\":\"" + call.callId() + "\"}")
                .getBytes(StandardCharsets.UTF_8)), out, null);
        assertEquals("ANSWERED", Json.parse(out.toByteArray()).path("status").asText(), out.toString());
        assertEquals(1, fx.livekit.dialRequests().size());
        assertTrue(fx.reached("dynamodb") && fx.reached("livekit"),
                "the function's own DynamoDB and LiveKit dialled: " + fx.reached());
    }
}
