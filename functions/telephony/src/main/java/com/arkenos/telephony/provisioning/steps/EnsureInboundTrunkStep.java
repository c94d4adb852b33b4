package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;
import com.arkenos.telephony.wiring.TelephonyWiring;

import java.util.List;

/** Ensures the shared LiveKit inbound trunk, restricted to Twilio's signalling addresses. */
public class EnsureInboundTrunkStep extends StepHandler {
    public EnsureInboundTrunkStep() {
        this(TelephonyWiring.current().telephony());
    }

    public EnsureInboundTrunkStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    public NumberStatus expectedStatus() {
        return NumberStatus.PROVISIONING;
    }

    @Override
    protected String run(NumberRecord number) {
        return telephony().infrastructure().ensureInboundTrunk(number.phoneNumber());
    }
}
