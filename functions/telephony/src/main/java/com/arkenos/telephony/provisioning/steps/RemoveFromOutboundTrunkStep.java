package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;

import java.util.List;

/** Removes the number from the LiveKit outbound trunk; never creates anything. */
public class RemoveFromOutboundTrunkStep extends StepHandler {
    public RemoveFromOutboundTrunkStep() {
        this(Env.system());
    }

    public RemoveFromOutboundTrunkStep(Env env) {
        this(new Telephony(env));
    }

    public RemoveFromOutboundTrunkStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    protected NumberStatus expectedStatus() {
        return NumberStatus.RELEASING;
    }

    @Override
    protected String run(NumberRecord number) {
        return telephony().infrastructure().recordedId(SipInfrastructure.LIVEKIT_OUTBOUND, "id").map(trunk -> {
            telephony().providers().livekit().updateOutboundTrunkNumbers(trunk, List.of(), List.of(number.phoneNumber()));
            return trunk;
        }).orElse(null);
    }
}
