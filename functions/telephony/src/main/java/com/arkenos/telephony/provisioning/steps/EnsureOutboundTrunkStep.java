package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;
import com.arkenos.telephony.wiring.TelephonyWiring;

import java.util.List;

/** Ensures Twilio termination (credential list, domain) and the LiveKit outbound trunk. */
public class EnsureOutboundTrunkStep extends StepHandler {
    public EnsureOutboundTrunkStep() {
        this(TelephonyWiring.current().telephony());
    }

    public EnsureOutboundTrunkStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    public NumberStatus expectedStatus() {
        return NumberStatus.PROVISIONING;
    }

    @Override
    protected String run(NumberRecord number) {
        return telephony().infrastructure().ensureOutboundTrunk(number.phoneNumber(),
                telephony().providers().terminationCredentials());
    }
}
