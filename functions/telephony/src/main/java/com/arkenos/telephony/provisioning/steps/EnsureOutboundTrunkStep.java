package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;

import java.util.List;

/** Ensures Twilio termination (credential list, domain) and the LiveKit outbound trunk. */
public class EnsureOutboundTrunkStep extends StepHandler {
    public EnsureOutboundTrunkStep() {
        this(Env.system());
    }

    public EnsureOutboundTrunkStep(Env env) {
        this(new Telephony(env));
    }

    public EnsureOutboundTrunkStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    protected NumberStatus expectedStatus() {
        return NumberStatus.PROVISIONING;
    }

    @Override
    protected String run(NumberRecord number) {
        return telephony().infrastructure().ensureOutboundTrunk(number.phoneNumber(),
                telephony().providers().terminationCredentials());
    }
}
