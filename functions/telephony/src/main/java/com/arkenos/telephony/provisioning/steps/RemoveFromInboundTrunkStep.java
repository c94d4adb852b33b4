package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;
import com.arkenos.telephony.wiring.TelephonyWiring;

import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.providers.livekit.SipInboundTrunk;

import com.arkenos.telephony.providers.livekit.LiveKitGateway;

import java.util.List;
import java.util.Optional;

/** Removes the number from the LiveKit inbound trunk, retiring the trunk with its last number; never creates anything. */
public class RemoveFromInboundTrunkStep extends StepHandler {
    public RemoveFromInboundTrunkStep() {
        this(TelephonyWiring.current().telephony());
    }

    public RemoveFromInboundTrunkStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    public NumberStatus expectedStatus() {
        return NumberStatus.RELEASING;
    }

    /**
     * The trunk is read first: when this number is its last one, the trunk is retired with the number still on it.
     * Emptying it first would leave, until the retirement succeeds, an inbound trunk without numbers, which LiveKit
     * treats as a catch-all for any number Twilio's addresses send (a retirement that fails would leave it for good).
     */
    @Override
    protected String run(NumberRecord number) {
        SipInfrastructure infra = telephony().infrastructure();
        LiveKitGateway livekit = telephony().providers().livekit();
        String phone = number.phoneNumber();
        return infra.recordedId(SipInfrastructure.LIVEKIT_INBOUND, "id").map(trunk -> {
            Optional<SipInboundTrunk> current = livekit.listInboundTrunks().stream()
                    .filter(t -> trunk.equals(t.id())).findFirst();
            if (current.isEmpty()) {
                infra.forgetIfGone(SipInfrastructure.LIVEKIT_INBOUND, trunk);
                return trunk;
            }
            List<String> numbers = current.get().numbers() == null ? List.of() : current.get().numbers();
            if (numbers.stream().allMatch(phone::equals)) {
                infra.retireInboundTrunk(trunk, phone);
                return trunk;
            }
            if (!numbers.contains(phone)) {
                return trunk;
            }
            SipInboundTrunk after;
            try {
                after = livekit.updateInboundTrunkNumbers(trunk, List.of(), List.of(phone));
            } catch (ProviderException e) {
                if (!e.transient_() && "not_found".equals(e.providerCode())) {
                    // Gone means nothing left to remove; a trunk LiveKit still lists keeps its record and is retried.
                    if (infra.forgetIfGone(SipInfrastructure.LIVEKIT_INBOUND, trunk)) {
                        return trunk;
                    }
                    throw SipInfrastructure.stillThere("SIP.UpdateSIPInboundTrunk", "trunk " + trunk);
                }
                throw e;
            }
            if (after.numbers() == null || after.numbers().isEmpty()) {
                // Another release took the other numbers meanwhile: this one was the last after all.
                infra.retireInboundTrunk(trunk, phone);
            }
            return trunk;
        }).orElse(null);
    }
}
