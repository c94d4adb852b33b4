package com.arkenos.telephony.priming;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.provisioning.InfraStore;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.handlers.steps.ProvisioningStepHandler;
import com.arkenos.telephony.handlers.steps.RecordFailureHandler;
import org.crac.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every state machine step primes its own path (the number read, its provider calls, its outcome written) on
 * stand-ins, in the steady state and for a deployment's first number, with no secret fetched and nothing reached.
 */
class StepPrimingTest {
    @RegisterExtension
    static final PrimingFixture fx = new PrimingFixture();

    /** Secrets are named as when deployed: priming must not fetch them (the Secrets Manager endpoint is a trap). */
    private static final Map<String, String> SECRETS = Map.of(
            "TWILIO_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:twilio",
            "LIVEKIT_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:livekit",
            "TERMINATION_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:termination");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "EnsureTwilioTrunkFunction, EnsureTwilioTrunk, twilio",
            "EnsureInboundTrunkFunction, EnsureInboundTrunk, livekit",
            "EnsureDispatchRuleFunction, EnsureDispatchRule, livekit",
            "EnsureOutboundTrunkFunction, EnsureOutboundTrunk, twilio livekit",
            "AttachToTwilioTrunkFunction, AttachToTwilioTrunk, twilio",
            "AddToInboundTrunkFunction, AddToInboundTrunk, livekit",
            "AddToOutboundTrunkFunction, AddToOutboundTrunk, twilio livekit",
            "MarkActiveFunction, MarkActive, ''",
            "RemoveFromInboundTrunkFunction, RemoveFromInboundTrunk, livekit",
            "RemoveFromOutboundTrunkFunction, RemoveFromOutboundTrunk, livekit",
            "DetachFromTwilioTrunkFunction, DetachFromTwilioTrunk, twilio",
            "MarkReleasedFunction, MarkReleased, ''",
            "RecordFailureFunction, RecordFailure, ''"})
    void beforeCheckpoint_runsTheStepOnStandIns(String functionId, String step, String providers) throws Exception {
        Resource handler = step.equals("RecordFailure")
                ? Env.hosting(fx.env(functionId, SECRETS), RecordFailureHandler::new)
                : Env.hosting(fx.env(functionId, SECRETS), ProvisioningStepHandler::new);

        List<String> lines = PrimingFixture.logged(() -> {
            try {
                handler.beforeCheckpoint(null);
            } catch (Exception e) {
                throw new AssertionError("beforeCheckpoint threw", e);
            }
        });

        PrimingFixture.assertPrimed(lines, handler.getClass().getSimpleName());
        String all = String.join("\n", lines);
        if (step.equals("RecordFailure")) {
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"number_failed\"")
                    && l.contains("\"recorded\":true")), all);
        } else {
            assertEquals(2, lines.stream().filter(l -> l.contains("\"event\":\"step_succeeded\"")).count(),
                    "only its own step, in the steady state and for a first number:\n" + all);
            assertEquals(2, lines.stream().filter(l -> l.contains("\"event\":\"step_succeeded\"")
                    && l.contains("\"step\":\"" + step + "\"")).count(), "steady state and first number:\n" + all);
        }
        assertTrue(PrimingFixture.standInRequests(lines, "dynamodb") >= 2, "the number read, the outcome written:\n" + all);
        for (String provider : List.of("twilio", "livekit")) {
            int requests = PrimingFixture.standInRequests(lines, provider);
            assertEquals(providers.contains(provider), requests > 0, provider + " stand-in requests: " + requests
                    + "\n" + all);
        }
        fx.assertNothingReached();
    }

    @Test
    void addToInboundTrunk_primed_thenRunsOnItsOwnWiring() throws Exception {
        ProvisioningStepHandler step = Env.hosting(fx.env("AddToInboundTrunkFunction"), ProvisioningStepHandler::new);
        List<String> lines = PrimingFixture.logged(step::prime);
        PrimingFixture.assertPrimed(lines, "ProvisioningStepHandler");
        fx.assertNothingReached();

        InfraStore infra = new InfraStore(Seeds.dynamo(), "SipInfraTable");
        infra.forget(SipInfrastructure.LIVEKIT_INBOUND);
        infra.forget(SipInfrastructure.DISPATCH_RULE);
        String phone = Seeds.newPhone();
        String execution = "provision-" + UUID.randomUUID();
        Seeds.number("owner-" + UUID.randomUUID(), phone, UUID.randomUUID().toString(), NumberStatus.PROVISIONING,
                execution);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        step.handleRequest(new ByteArrayInputStream(("{\"phone_number\":\"" + phone + "\",\"execution\":\"" + execution
                + "\",\"step\":\"AddToInboundTrunk\"}").getBytes(StandardCharsets.UTF_8)), out, null);

        assertEquals(phone, Json.parse(out.toByteArray()).path("phone_number").asText());
        assertTrue(fx.livekit.inboundTrunks().stream().anyMatch(t -> t.getNumbersList().contains(phone)),
                "the number is on the sandbox's inbound trunk");
        assertEquals("SUCCEEDED", new NumberStore(Seeds.dynamo(), "NumbersTable", "AgentsTable").find(phone)
                .orElseThrow().steps().get("AddToInboundTrunk").state());
        assertTrue(fx.reached("dynamodb") && fx.reached("livekit"),
                "the step's own DynamoDB and LiveKit served it: " + fx.reached());
    }
}
