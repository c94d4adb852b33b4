package com.arkenos.telephony.handlers.steps;

import Telephony.Superseded;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.numbers.ProvisioningStep;
import com.arkenos.telephony.provisioning.ProvisioningSteps;
import com.arkenos.telephony.testing.LocalStack;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one handler of every provisioning step: it runs the step its function is deployed for, and only that one. */
class ProvisioningStepHandlerTest {
    private static final String INPUT =
            "{\"phone_number\":\"+15550109999\",\"execution\":\"provision-x\",\"step\":\"%s\"}";

    private static ProvisioningStepHandler handler(Optional<ProvisioningStep> deployedFor) {
        NumberStore numbers = new NumberStore(LocalStack.dynamo().client(), "NumbersTable", "AgentsTable");
        return new ProvisioningStepHandler(new ProvisioningSteps(numbers, () -> null, null), deployedFor);
    }

    private static void invoke(ProvisioningStepHandler h, String step) throws Exception {
        h.handleRequest(new ByteArrayInputStream(String.format(INPUT, step).getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), null);
    }

    @Test
    void handleRequest_whenTheInputNamesAnotherStep_refusesIt() {
        ProvisioningStepHandler h = handler(Optional.of(ProvisioningStep.MARK_ACTIVE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> invoke(h, "EnsureTwilioTrunk"));
        assertTrue(e.getMessage().contains("runs MarkActive"), e.getMessage());
    }

    @Test
    void handleRequest_whenNoStepIsDeployedAndTheInputNamesNone_refusesIt() {
        assertThrows(IllegalArgumentException.class, () -> invoke(handler(Optional.empty()), "NoSuchStep"));
    }

    @Test
    void handleRequest_forANumberWithoutARecord_reportsTheExecutionSuperseded() {
        assertThrows(Superseded.class, () -> invoke(handler(Optional.of(ProvisioningStep.MARK_ACTIVE)), "MarkActive"));
    }

    @Test
    void deployedStep_readsTheCatalogueNameFromTheEnvironment() {
        assertEquals(Optional.of(ProvisioningStep.ADD_TO_INBOUND_TRUNK), ProvisioningStepHandler.deployedStep(
                Env.of(Map.of(ProvisioningStepHandler.STEP_VARIABLE, "AddToInboundTrunk"))));
        assertEquals(Optional.empty(), ProvisioningStepHandler.deployedStep(Env.of(Map.of())));
        assertThrows(IllegalStateException.class, () -> ProvisioningStepHandler.deployedStep(
                Env.of(Map.of(ProvisioningStepHandler.STEP_VARIABLE, "Typo"))));
    }
}
