package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;
import com.arkenos.telephony.wiring.TelephonyWiring;

import java.util.List;

/** Ensures the shared Twilio Elastic SIP trunk and its origination URL to LiveKit. */
public class EnsureTwilioTrunkStep extends StepHandler {
    public EnsureTwilioTrunkStep() {
        this(TelephonyWiring.current().telephony());
    }

    public EnsureTwilioTrunkStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    public NumberStatus expectedStatus() {
        return NumberStatus.PROVISIONING;
    }

    @Override
    protected String run(NumberRecord number) {
        return telephony().infrastructure().ensureTwilioTrunk();
    }
}
