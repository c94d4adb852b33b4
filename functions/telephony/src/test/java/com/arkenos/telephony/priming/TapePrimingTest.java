package com.arkenos.telephony.priming;

import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.telephony.calls.CallRecord;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.snapstart.PrimedStreamHandler;
import com.arkenos.telephony.handlers.calls.GetCallHandler;
import com.arkenos.telephony.testing.Events;
import com.arkenos.telephony.testing.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every telephony function replays its priming tape before the snapshot exactly as it was recorded (the same
 * requests, the same answers), also when the tape is months old; reaches none of the services its environment names;
 * and then serves through its own wiring. A tape this fails for wants recording again: {@code ./stack priming-tapes}.
 */
class TapePrimingTest {
    /** How old a tape may be and still replay as recorded (the tests age a copy by this much). */
    private static final Duration OLD = Duration.ofDays(200);

    @RegisterExtension
    static final PrimingFixture fx = new PrimingFixture();

    static Stream<String> functions() {
        return LocalStack.template().functions().stream()
                .filter(f -> f.codeUri().startsWith("functions/telephony/"))
                .filter(f -> !f.logicalId().equals("CallbackFunction"))
                .map(SamTemplate.FunctionDef::logicalId);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void beforeCheckpoint_replaysTheTapeAsRecorded_reachingNothing(String function) throws Exception {
        PrimedStreamHandler handler = handler(function);
        List<String> lines = PrimingFixture.logged(() -> handler.beforeCheckpoint(null));
        PrimingFixture.assertPrimed(lines, handler.getClass().getSimpleName());
        fx.assertNothingReached();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void aMonthsOldTape_replaysAsRecorded(String function) throws Exception {
        PrimedStreamHandler handler = handler(function);
        Tape tape = Tape.load(getClass().getClassLoader(), handler.primingName()).orElseThrow();
        Tape old = aged(tape, OLD);
        TapePrimer.Replayed replayed = TapePrimer.replay(handler.getClass(), handler.primingName(), old, Instant.now());
        assertTrue(replayed.faithful(), replayed.toString());
    }

    @Test
    void theCallbackFunction_isPrimedByItsWarmUp_reachingNothing() throws Exception {
        PrimedStreamHandler callback = handler("CallbackFunction");
        List<String> lines = PrimingFixture.logged(() -> callback.beforeCheckpoint(null));
        String all = String.join("\n", lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"primed\"")), all);
        assertTrue(lines.stream().noneMatch(l -> l.contains("priming_failed")), all);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"priming_no_tape\"")), all);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"callback_refused\"")
                && l.contains("priming-2")), "the changed status's callback was built and refused:\n" + all);
        fx.assertNothingReached();
    }

    @Test
    void afterPriming_theFunctionServesThroughItsOwnWiring() throws Exception {
        GetCallHandler get = Env.hosting(fx.env("GetCallFunction"), GetCallHandler::new);
        PrimingFixture.assertPrimed(PrimingFixture.logged(() -> get.beforeCheckpoint(null)), "GetCallHandler");
        fx.assertNothingReached();
        String owner = "owner-" + UUID.randomUUID();
        CallRecord call = Seeds.outboundCall(owner, "+14155550123", "ST_unused");
        HttpResponse got = get.handle(Events.asUser(owner, "GET", "/api/calls/" + call.callId(), null));
        assertEquals(200, got.status(), got.body());
        assertEquals(call.callId(), Json.parse(got.body()).path("call_id").asText());
        assertTrue(fx.reached("dynamodb"), "the function's own DynamoDB served the request: " + fx.reached());
    }

    private static PrimedStreamHandler handler(String function) throws Exception {
        return (PrimedStreamHandler) PrimedStreamHandler.build(
                LocalStack.template().function(function).handlerClass(), fx.env(function));
    }

    /** The tape as if recorded {@code age} earlier: its time and every time in its answers moved back. */
    static Tape aged(Tape tape, Duration age) {
        Instant then = tape.recordedAt().minus(age);
        Replay back = new Replay(List.of(), tape.recordedAt(), then);
        List<Tape.Invocation> invocations = new ArrayList<>();
        for (Tape.Invocation i : tape.invocations()) {
            List<Tape.Exchange> exchanges = new ArrayList<>();
            for (Tape.Exchange x : i.exchanges()) {
                byte[] body = Tape.isText(x.contentType())
                        ? back.rebase(new String(x.body(), java.nio.charset.StandardCharsets.UTF_8))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8) : x.body();
                exchanges.add(new Tape.Exchange(x.service(), x.method(), x.path(), x.target(), x.status(),
                        x.contentType(), body));
            }
            invocations.add(new Tape.Invocation(i.event(), i.status(), exchanges));
        }
        return new Tape(tape.handler(), then, tape.env(), invocations);
    }
}
