package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;
import com.arkenos.telephony.wiring.TelephonyWiring;

import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.providers.livekit.SipInboundTrunk;

import java.util.List;

/** Removes the number from the LiveKit outbound trunk; never creates anything. */
public class RemoveFromOutboundTrunkStep extends StepHandler {
    public RemoveFromOutboundTrunkStep() {
        this(TelephonyWiring.current().telephony());
    }

    public RemoveFromOutboundTrunkStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    public NumberStatus expectedStatus() {
        return NumberStatus.RELEASING;
    }

    @Override
    protected String run(NumberRecord number) {
        SipInfrastructure infra = telephony().infrastructure();
        return infra.recordedId(SipInfrastructure.LIVEKIT_OUTBOUND, "id").map(trunk -> {
            try {
                telephony().providers().livekit().updateOutboundTrunkNumbers(trunk, List.of(),
                        List.of(number.phoneNumber()));
            } catch (ProviderException e) {
                if ("not_found".equals(e.providerCode())) {
                    // Gone means nothing left to remove; a trunk LiveKit still lists keeps its record and is retried.
                    if (infra.forgetIfGone(SipInfrastructure.LIVEKIT_OUTBOUND, trunk)) {
                        return trunk;
                    }
                    throw SipInfrastructure.stillThere("SIP.UpdateSIPOutboundTrunk", "trunk " + trunk);
                }
                // LiveKit refuses to leave an outbound trunk without numbers, and livekit-server answers that refusal
                // `unknown` (HTTP 500), which reads as transient. So any refusal is decided again under the trunk's
                // lease, from the trunk as LiveKit lists it: another number left on it is removed there (a real
                // outage fails that listing and is retried), the last one retires the trunk.
                infra.retireOutboundTrunk(trunk, number.phoneNumber());
            }
            return trunk;
        }).orElse(null);
    }
}
