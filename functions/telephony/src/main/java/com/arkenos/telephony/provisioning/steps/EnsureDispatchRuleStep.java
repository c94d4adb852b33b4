package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;

import java.util.List;

/** Ensures the dispatch rule: a room per caller with the agent dispatched. */
public class EnsureDispatchRuleStep extends StepHandler {
    public EnsureDispatchRuleStep() {
        this(Env.system());
    }

    public EnsureDispatchRuleStep(Env env) {
        this(new Telephony(env));
    }

    public EnsureDispatchRuleStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    protected NumberStatus expectedStatus() {
        return NumberStatus.PROVISIONING;
    }

    @Override
    protected String run(NumberRecord number) {
        SipInfrastructure infra = telephony().infrastructure();
        return infra.ensureDispatchRule(infra.ensureInboundTrunk(number.phoneNumber()));
    }
}
