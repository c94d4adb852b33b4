package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.numbers.ProvisioningStep;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SupersededException;
import com.arkenos.telephony.provisioning.Telephony;
import com.arkenos.telephony.wiring.TelephonyWiring;

import java.time.Instant;

/** The last release step: the number keeps its owner, loses its agent, and the agent is free for another number. */
public class MarkReleasedStep extends StepHandler {
    public MarkReleasedStep() {
        this(TelephonyWiring.current().telephony());
    }

    public MarkReleasedStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    public NumberStatus expectedStatus() {
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
