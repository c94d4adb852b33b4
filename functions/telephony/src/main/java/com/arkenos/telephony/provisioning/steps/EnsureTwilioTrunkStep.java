package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;

import java.util.List;

/** Ensures the shared Twilio Elastic SIP trunk and its origination URL to LiveKit. */
public class EnsureTwilioTrunkStep extends StepHandler {
    public EnsureTwilioTrunkStep() {
        this(Env.system());
    }

    public EnsureTwilioTrunkStep(Env env) {
        this(new Telephony(env));
    }

    public EnsureTwilioTrunkStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    protected NumberStatus expectedStatus() {
        return NumberStatus.PROVISIONING;
    }

    @Override
    protected String run(NumberRecord number) {
        return telephony().infrastructure().ensureTwilioTrunk();
    }
}
