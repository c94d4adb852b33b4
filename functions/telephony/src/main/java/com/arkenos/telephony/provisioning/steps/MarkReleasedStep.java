package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.numbers.ProvisioningStep;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SupersededException;
import com.arkenos.telephony.provisioning.Telephony;

import java.time.Instant;

/** The last release step: the number keeps its owner, loses its agent, and the agent is free for another number. */
public class MarkReleasedStep extends StepHandler {
    public MarkReleasedStep() {
        this(Env.system());
    }

    public MarkReleasedStep(Env env) {
        this(new Telephony(env));
    }

    public MarkReleasedStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    protected NumberStatus expectedStatus() {
        return NumberStatus.RELEASING;
    }

    @Override
    protected String run(NumberRecord number) {
        telephony().numbers().recordStep(number.phoneNumber(), number.execution(),
                ProvisioningStep.MARK_RELEASED.stepName(),
                new NumberRecord.StepState("SUCCEEDED", Instant.now(), null, null, null, null));
        if (!telephony().numbers().markReleased(number, number.execution())) {
            throw new SupersededException(number.phoneNumber(), number.execution());
        }
        return null;
    }

    @Override
    protected boolean recordsOutcome() {
        return false;
    }
}
