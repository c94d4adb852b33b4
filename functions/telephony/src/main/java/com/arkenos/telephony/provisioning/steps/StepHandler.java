package com.arkenos.telephony.provisioning.steps;

import com.amazonaws.services.lambda.runtime.Context;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.core.snapstart.PrimedStreamHandler;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.provisioning.SupersededException;
import com.arkenos.telephony.provisioning.Telephony;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;

/**
 * One Task of a number's state machine. The input names the number and the execution; the step runs only while
 * that execution owns the number (a fencing token), does its idempotent work, and records its outcome on the
 * number so the dashboard sees progress. Failures are rethrown for the state machine's Retry and Catch.
 */
public abstract class StepHandler extends PrimedStreamHandler {
    private final Telephony telephony;

    protected StepHandler(Telephony telephony) {
        this.telephony = telephony;
    }

    protected Telephony telephony() {
        return telephony;
    }

    /** The status the number must be in for this step to act. */
    public abstract NumberStatus expectedStatus();

    /** Does the step's work; returns the provider resource id it touched, or null. */
    protected abstract String run(NumberRecord number) throws Exception;

    /** Whether the step writes its own outcome (the final steps change the record themselves). */
    protected boolean recordsOutcome() {
        return true;
    }

    /** Serves one step; what it throws reaches the state machine under a stable name ({@link StepErrors}). */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log.invocationStarted();
        try {
            runStep(input, output);
        } catch (RuntimeException e) {
            throw StepErrors.reported(e);
        }
    }

    private void runStep(InputStream input, OutputStream output) throws IOException {
        JsonNode in = Json.parse(input.readAllBytes());
        String phone = in.path("phone_number").asText();
        String execution = in.path("execution").asText();
        String step = in.path("step").asText(getClass().getSimpleName());
        NumberRecord number = telephony.numbers().find(phone).orElseThrow(() -> new SupersededException(phone, execution));
        if (!execution.equals(number.execution()) || number.status() != expectedStatus()) {
            throw new SupersededException(phone, execution);
        }
        long start = System.nanoTime();
        try {
            String resource = run(number);
            if (recordsOutcome()) {
                telephony.numbers().recordStep(phone, execution, step,
                        new NumberRecord.StepState("SUCCEEDED", Instant.now(), resource, null, null, null));
            }
            Log.info("step_succeeded", "step", step, "phone_number", phone, "execution", execution,
                    "ms", (System.nanoTime() - start) / 1_000_000);
        } catch (ProviderException e) {
            telephony.numbers().recordStep(phone, execution, step, new NumberRecord.StepState("FAILED", Instant.now(),
                    null, e.providerCode(), e.getMessage(), e.provider()));
            Log.warn("step_failed", "step", step, "phone_number", phone, "transient", e.transient_(),
                    "provider", e.provider(), "code", e.providerCode());
            throw e;
        } catch (SupersededException e) {
            throw e;
        } catch (Exception e) {
            telephony.numbers().recordStep(phone, execution, step, new NumberRecord.StepState("FAILED", Instant.now(),
                    null, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), "arkenos"));
            Log.error("step_failed", e, "step", step, "phone_number", phone);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e);
        }
        output.write(Json.MAPPER.writeValueAsBytes(in));
    }
}
