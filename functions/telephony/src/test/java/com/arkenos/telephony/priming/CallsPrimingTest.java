package com.arkenos.telephony.priming;

import com.arkenos.telephony.calls.CallRecord;
import com.arkenos.telephony.calls.CallsFunction;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.testing.Events;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CallsFunction primes reads, an outbound call and its end on stand-ins, then serves with its own wiring. */
class CallsPrimingTest {
    @RegisterExtension
    static final PrimingFixture fx = new PrimingFixture();

    @Test
    void beforeCheckpoint_servesItsRoutesOnStandIns_andTheFunctionThenServesWithItsOwnWiring() throws Exception {
        CallsFunction calls = new CallsFunction(fx.env("CallsFunction"));

        List<String> lines = PrimingFixture.logged(() -> calls.beforeCheckpoint(null));

        PrimingFixture.assertPrimed(lines, "CallsFunction");
        String all = String.join("\n", lines);
        assertTrue(PrimingFixture.served(lines, "GET /api/calls/{call_id}", 200), all);
        assertTrue(PrimingFixture.served(lines, "GET /api/calls/{call_id}/status", 200), all);
        assertTrue(PrimingFixture.served(lines, "GET /api/calls", 200), all);
        assertTrue(PrimingFixture.served(lines, "POST /api/calls/outbound", 201), all);
        assertTrue(PrimingFixture.served(lines, "POST /api/calls/{call_id}/end", 200), all);
        assertTrue(PrimingFixture.standInRequests(lines, "livekit") >= 3, "room created, deleted, listed:\n" + all);
        assertEquals(1, PrimingFixture.standInRequests(lines, "lambda"), "the dial step launched:\n" + all);
        fx.assertNothingReached();

        String owner = "owner-" + UUID.randomUUID();
        CallRecord call = Seeds.outboundCall(owner, "+14155550123", "ST_unused");
        HttpResponse get = calls.handle(Events.asUser(owner, "GET", "/api/calls/" + call.callId(), null));
        assertEquals(200, get.status(), get.body());
        assertEquals(call.callId(), Json.parse(get.body()).path("call_id").asText());
        HttpResponse end = calls.handle(Events.asUser(owner, "POST", "/api/calls/" + call.callId() + "/end", null));
        assertEquals(200, end.status(), end.body());
        assertEquals("COMPLETED", Json.parse(end.body()).path("status").asText(), end.body());
        assertTrue(fx.reached("dynamodb") && fx.reached("livekit"),
                "the function's own DynamoDB and LiveKit served the requests: " + fx.reached());
    }
}
