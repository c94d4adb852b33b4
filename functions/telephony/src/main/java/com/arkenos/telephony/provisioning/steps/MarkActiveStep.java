package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.numbers.ProvisioningStep;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.provisioning.SupersededException;
import com.arkenos.telephony.provisioning.Telephony;
import com.arkenos.telephony.wiring.TelephonyWiring;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;

/** The last provisioning step: the number is routed, so it becomes ACTIVE and lookup starts answering for it. */
public class MarkActiveStep extends StepHandler {
    public MarkActiveStep() {
        this(TelephonyWiring.current().telephony());
    }

    public MarkActiveStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    public NumberStatus expectedStatus() {
        return NumberStatus.PROVISIONING;
    }

    @Override
    protected String run(NumberRecord number) {
        telephony().numbers().recordStep(number.phoneNumber(), number.execution(),
                ProvisioningStep.MARK_ACTIVE.stepName(),
                new NumberRecord.StepState("SUCCEEDED", Instant.now(), null, null, null, null));
        if (!telephony().numbers().finishStep(number.phoneNumber(), number.execution(), NumberStatus.PROVISIONING,
                Map.of(NumberStore.STATUS, AttributeValue.fromS(NumberStatus.ACTIVE.name())))) {
            throw new SupersededException(number.phoneNumber(), number.execution());
        }
        return null;
    }

    @Override
    protected boolean recordsOutcome() {
        return false;
    }
}
