package com.arkenos.telephony.handlers.steps;

import com.amazonaws.services.lambda.runtime.Context;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.core.snapstart.PrimedStreamHandler;
import com.arkenos.telephony.numbers.ProvisioningStep;
import com.arkenos.telephony.numbers.SharedRoute;
import com.arkenos.telephony.provisioning.ProvisioningSteps;
import com.arkenos.telephony.wiring.TelephonyWiring;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * One Task of a number's state machine: the step its function is deployed for ({@code PROVISIONING_STEP}), for the
 * number and execution the input names (on the shared route it carries, if any: {@link SharedRoute}). The input is
 * answered back unchanged, so the next Task gets it; what the step throws reaches the state machine under a stable
 * name ({@link StepErrors}). A function deployed for one step refuses another's input: its policy is that step's.
 */
public class ProvisioningStepHandler extends PrimedStreamHandler {
    /** The environment variable naming the step this function runs. */
    public static final String STEP_VARIABLE = "PROVISIONING_STEP";

    private final ProvisioningSteps steps;
    private final Optional<ProvisioningStep> deployedFor;

    public ProvisioningStepHandler() {
        this(deployedStep(Env.system()));
    }

    private ProvisioningStepHandler(Optional<ProvisioningStep> step) {
        this(TelephonyWiring.warmingStep(step).steps(), step);
    }

    /** @param deployedFor the step this function runs; empty to run the step each input names */
    public ProvisioningStepHandler(ProvisioningSteps steps, Optional<ProvisioningStep> deployedFor) {
        this.steps = steps;
        this.deployedFor = deployedFor;
    }

    /** The step {@code env} deploys the function for, if it names one (a name outside the catalogue fails). */
    public static Optional<ProvisioningStep> deployedStep(Env env) {
        return env.find(STEP_VARIABLE).map(name -> ProvisioningStep.named(name).orElseThrow(() ->
                new IllegalStateException(STEP_VARIABLE + " names no provisioning step: " + name)));
    }

    public Optional<ProvisioningStep> deployedFor() {
        return deployedFor;
    }

    /** One tape per step: each step's function primes its own step. */
    @Override
    public String primingName() {
        return super.primingName() + deployedFor.map(s -> "." + s.stepName()).orElse("");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log.invocationStarted(context);
        JsonNode in = Json.parse(input.readAllBytes());
        try {
            steps.execute(step(in.path("step").asText("")), in.path("phone_number").asText(),
                    in.path("execution").asText(), SharedRoute.from(in.get("shared")));
        } catch (RuntimeException e) {
            throw StepErrors.reported(e);
        }
        output.write(Json.MAPPER.writeValueAsBytes(in));
    }

    private ProvisioningStep step(String named) {
        if (deployedFor.isPresent()) {
            if (!named.isEmpty() && !named.equals(deployedFor.get().stepName())) {
                throw new IllegalArgumentException("this function runs " + deployedFor.get().stepName()
                        + ", not " + named);
            }
            return deployedFor.get();
        }
        return ProvisioningStep.named(named).orElseThrow(() ->
                new IllegalArgumentException("no provisioning step named '" + named + "'"));
    }
}
