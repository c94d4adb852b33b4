package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;

import java.util.List;

/** Ensures the shared LiveKit inbound trunk, restricted to Twilio's signalling addresses. */
public class EnsureInboundTrunkStep extends StepHandler {
    public EnsureInboundTrunkStep() {
        this(Env.system());
    }

    public EnsureInboundTrunkStep(Env env) {
        this(new Telephony(env));
    }

    public EnsureInboundTrunkStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    protected NumberStatus expectedStatus() {
        return NumberStatus.PROVISIONING;
    }

    @Override
    protected String run(NumberRecord number) {
        return telephony().infrastructure().ensureInboundTrunk(number.phoneNumber());
    }
}
