package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;

import java.util.List;

/** Removes the number from the Twilio trunk; the number stays in the Twilio account. */
public class DetachFromTwilioTrunkStep extends StepHandler {
    public DetachFromTwilioTrunkStep() {
        this(Env.system());
    }

    public DetachFromTwilioTrunkStep(Env env) {
        this(new Telephony(env));
    }

    public DetachFromTwilioTrunkStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    protected NumberStatus expectedStatus() {
        return NumberStatus.RELEASING;
    }

    @Override
    protected String run(NumberRecord number) {
        if (number.twilioSid() == null) {
            return null;
        }
        return telephony().infrastructure().recordedId(SipInfrastructure.TWILIO_TRUNK, "sid").map(trunk -> {
            telephony().providers().twilio().removeNumber(trunk, number.twilioSid());
            return trunk;
        }).orElse(null);
    }
}
