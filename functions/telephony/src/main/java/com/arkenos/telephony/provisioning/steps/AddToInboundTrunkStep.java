package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;
import com.arkenos.telephony.wiring.TelephonyWiring;

import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.providers.livekit.SipInboundTrunk;

import java.util.List;

/** Adds the number to the LiveKit inbound trunk (a list add: idempotent, constant cost). */
public class AddToInboundTrunkStep extends StepHandler {
    public AddToInboundTrunkStep() {
        this(TelephonyWiring.current().telephony());
    }

    public AddToInboundTrunkStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    public NumberStatus expectedStatus() {
        return NumberStatus.PROVISIONING;
    }

    @Override
    protected String run(NumberRecord number) {
        SipInfrastructure infra = telephony().infrastructure();
        String trunk = infra.ensureInboundTrunk(number.phoneNumber());
        infra.ensureDispatchRule(trunk);
        // Under the trunk's lease: the release of the trunk's last number cannot delete it with this one on it.
        return infra.exclusively(SipInfrastructure.LIVEKIT_INBOUND, () -> {
            try {
                telephony().providers().livekit().updateInboundTrunkNumbers(trunk, List.of(number.phoneNumber()), List.of());
            } catch (ProviderException e) {
                if (!e.transient_() && "not_found".equals(e.providerCode())) {
                    throw infra.vanished(SipInfrastructure.LIVEKIT_INBOUND, trunk);
                }
                throw e;
            }
            return trunk;
        });
    }
}
