package com.arkenos.telephony.priming;

import com.arkenos.telephony.calls.CallRecord;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.handlers.calls.EndCallHandler;
import com.arkenos.telephony.handlers.calls.GetCallHandler;
import com.arkenos.telephony.handlers.calls.GetCallStatusHandler;
import com.arkenos.telephony.handlers.calls.ListCallsHandler;
import com.arkenos.telephony.handlers.calls.PlaceOutboundCallHandler;
import com.arkenos.telephony.testing.Events;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The calls handlers prime reads, an outbound call and its end on stand-ins, then serve with their own wiring. */
class CallsPrimingTest {
    @RegisterExtension
    static final PrimingFixture fx = new PrimingFixture();

    @Test
    void beforeCheckpoint_servesItsRoutesOnStandIns_andTheFunctionThenServesWithItsOwnWiring() throws Exception {
        GetCallHandler get = Env.hosting(fx.env("GetCallFunction"), GetCallHandler::new);
        EndCallHandler end = Env.hosting(fx.env("EndCallFunction"), EndCallHandler::new);
        List<HttpFunction> handlers = List.of(get, Env.hosting(fx.env("GetCallStatusFunction"),
                GetCallStatusHandler::new), Env.hosting(fx.env("ListCallsFunction"), ListCallsHandler::new),
                Env.hosting(fx.env("PlaceOutboundCallFunction"), PlaceOutboundCallHandler::new), end);

        List<String> lines = new ArrayList<>();
        for (HttpFunction h : handlers) {
            List<String> primed = PrimingFixture.logged(() -> h.beforeCheckpoint(null));
            PrimingFixture.assertPrimed(primed, h.getClass().getSimpleName());
            lines.addAll(primed);
        }

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
        HttpResponse got = get.handle(Events.asUser(owner, "GET", "/api/calls/" + call.callId(), null));
        assertEquals(200, got.status(), got.body());
        assertEquals(call.callId(), Json.parse(got.body()).path("call_id").asText());
        HttpResponse ended = end.handle(Events.asUser(owner, "POST", "/api/calls/" + call.callId() + "/end", null));
        assertEquals(200, ended.status(), ended.body());
        assertEquals("COMPLETED", Json.parse(ended.body()).path("status").asText(), ended.body());
        assertTrue(fx.reached("dynamodb") && fx.reached("livekit"),
                "the function's own DynamoDB and LiveKit served the requests: " + fx.reached());
    }
}
