package com.arkenos.telephony.priming;

import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.twilio.TwilioSandbox;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.testing.LocalStack;
import com.arkenos.telephony.testing.NetworkTrap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real wiring of a function under a priming test: DynamoDB Local and the Twilio and LiveKit sandboxes, each
 * behind a {@link CountingProxy} that the function's environment names, and {@link NetworkTrap}s for the services a
 * test never needs (Step Functions, Lambda, Secrets Manager). Priming must reach none of them; the requests the
 * function serves afterwards must reach the real ones. Register as {@code @RegisterExtension static final}.
 */
final class PrimingFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    TwilioSandbox twilio;
    LiveKitSandbox livekit;
    CountingProxy dynamoProxy;
    CountingProxy twilioProxy;
    CountingProxy livekitProxy;
    NetworkTrap sfnTrap;
    NetworkTrap lambdaTrap;
    NetworkTrap secretsTrap;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        twilio = TwilioSandbox.start(0);
        livekit = LiveKitSandbox.start(0);
        dynamoProxy = new CountingProxy(LocalStack.dynamo().endpoint());
        twilioProxy = new CountingProxy(twilio.baseUrl());
        livekitProxy = new CountingProxy(livekit.url());
        sfnTrap = new NetworkTrap();
        lambdaTrap = new NetworkTrap();
        secretsTrap = new NetworkTrap();
    }

    private Map<String, Long> baseline = Map.of();

    @Override
    public void beforeEach(ExtensionContext context) {
        twilio.reset();
        livekit.reset();
        baseline = totals();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {dynamoProxy, twilioProxy, livekitProxy, sfnTrap, lambdaTrap,
                secretsTrap, twilio, livekit}) {
            c.close();
        }
    }

    /** The template's environment of {@code functionId}, on this fixture's services. */
    Env env(String functionId, Map<String, String> extra) {
        Map<String, String> m = new HashMap<>();
        m.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoProxy.endpoint());
        m.put("AWS_ENDPOINT_URL_SFN", sfnTrap.endpoint());
        m.put("AWS_ENDPOINT_URL_LAMBDA", lambdaTrap.endpoint());
        m.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsTrap.endpoint());
        m.put("TWILIO_SECRET_ARN", "");
        m.put("LIVEKIT_SECRET_ARN", "");
        m.put("TERMINATION_SECRET_ARN", "");
        m.put("TWILIO_ACCOUNT_SID", twilio.accountSid());
        m.put("TWILIO_AUTH_TOKEN", twilio.authToken());
        m.put("TWILIO_API_BASE_URL", twilioProxy.endpoint());
        m.put("LIVEKIT_URL", livekitProxy.endpoint());
        m.put("LIVEKIT_API_KEY", livekit.apiKey());
        m.put("LIVEKIT_API_SECRET", livekit.apiSecret());
        m.put("LIVEKIT_SIP_URI", "test.sip.example");
        m.put("TERMINATION_PASSWORD", "Pw-test-1");
        m.put("PROVISION_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:000000000000:stateMachine:provision");
        m.put("RELEASE_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:000000000000:stateMachine:release");
        m.put("DIAL_CALL_FUNCTION", "DialCallFunction");
        m.putAll(extra);
        return LocalStack.env(functionId, m);
    }

    Env env(String functionId) {
        return env(functionId, Map.of());
    }

    /** Bytes sent to the real services, connections to the traps: since the test started. */
    private Map<String, Long> totals() {
        return Map.of("dynamodb", dynamoProxy.bytesSent(), "twilio", twilioProxy.bytesSent(),
                "livekit", livekitProxy.bytesSent(), "sfn", (long) sfnTrap.connections(),
                "lambda", (long) lambdaTrap.connections(), "secretsmanager", (long) secretsTrap.connections());
    }

    /** What this test sent to each real service: bytes (DynamoDB, Twilio, LiveKit) or connections (the traps). */
    Map<String, Long> reached() {
        Map<String, Long> now = new java.util.TreeMap<>();
        totals().forEach((k, v) -> now.put(k, v - baseline.getOrDefault(k, 0L)));
        return now;
    }

    boolean reached(String service) {
        return reached().get(service) > 0;
    }

    void assertNothingReached() {
        assertEquals(new java.util.TreeMap<>(Map.of("dynamodb", 0L, "twilio", 0L, "livekit", 0L, "sfn", 0L,
                "lambda", 0L, "secretsmanager", 0L)), reached(), "priming reached a real service");
    }

    /** The log lines {@code action} writes. */
    static List<String> logged(Runnable action) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Consumer<String> sink = lines::add;
        Log.addSink(sink);
        try {
            action.run();
        } finally {
            Log.removeSink(sink);
        }
        return lines;
    }

    /** Priming of {@code function} succeeded: a {@code primed} line, no failure, its tape replayed as recorded. */
    static void assertPrimed(List<String> lines, String function) {
        String all = String.join("\n", lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"primed\"")
                && l.contains("\"function\":\"" + function + "\"")), "primed:\n" + all);
        assertTrue(lines.stream().noneMatch(l -> l.contains("priming_failed") || l.contains("step_failed")
                || l.contains("\"level\":\"ERROR\"")), "no failure while priming:\n" + all);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"priming_replayed\"")
                && l.contains("\"faithful\":true")), "the tape replayed as it was recorded:\n" + all);
    }
}
