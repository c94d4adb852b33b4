package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;

import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.providers.livekit.SipInboundTrunk;

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
        SipInfrastructure infra = telephony().infrastructure();
        return infra.recordedId(SipInfrastructure.LIVEKIT_INBOUND, "id").map(trunk -> {
            SipInboundTrunk after;
            try {
                after = telephony().providers().livekit().updateInboundTrunkNumbers(trunk, List.of(),
                        List.of(number.phoneNumber()));
            } catch (ProviderException e) {
                if (!e.transient_() && "not_found".equals(e.providerCode())) {
                    infra.vanished(SipInfrastructure.LIVEKIT_INBOUND, trunk);
                    return trunk;
                }
                throw e;
            }
            if (after.numbers() == null || after.numbers().isEmpty()) {
                infra.retireInboundTrunk(trunk);
            }
            return trunk;
        }).orElse(null);
    }
}
