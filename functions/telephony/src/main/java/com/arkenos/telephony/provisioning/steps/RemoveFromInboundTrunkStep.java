package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;

import java.util.List;

/** Removes the number from the LiveKit inbound trunk; never creates anything. */
public class RemoveFromInboundTrunkStep extends StepHandler {
    public RemoveFromInboundTrunkStep() {
        this(Env.system());
    }

    public RemoveFromInboundTrunkStep(Env env) {
        this(new Telephony(env));
    }

    public RemoveFromInboundTrunkStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    protected NumberStatus expectedStatus() {
        return NumberStatus.RELEASING;
    }

    @Override
    protected String run(NumberRecord number) {
        return telephony().infrastructure().recordedId(SipInfrastructure.LIVEKIT_INBOUND, "id").map(trunk -> {
            telephony().providers().livekit().updateInboundTrunkNumbers(trunk, List.of(), List.of(number.phoneNumber()));
            return trunk;
        }).orElse(null);
    }
}
