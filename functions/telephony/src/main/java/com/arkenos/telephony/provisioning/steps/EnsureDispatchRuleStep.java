package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;
import com.arkenos.telephony.wiring.TelephonyWiring;

import java.util.List;

/** Ensures the dispatch rule: a room per caller with the agent dispatched. */
public class EnsureDispatchRuleStep extends StepHandler {
    public EnsureDispatchRuleStep() {
        this(TelephonyWiring.current().telephony());
    }

    public EnsureDispatchRuleStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    public NumberStatus expectedStatus() {
        return NumberStatus.PROVISIONING;
    }

    @Override
    protected String run(NumberRecord number) {
        SipInfrastructure infra = telephony().infrastructure();
        return infra.ensureDispatchRule(infra.ensureInboundTrunk(number.phoneNumber()));
    }
}
