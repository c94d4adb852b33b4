package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.Telephony;
import com.arkenos.telephony.wiring.TelephonyWiring;

import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.providers.twilio.TwilioGateway;

/** Removes the number from the Twilio trunk; the number stays in the Twilio account. */
public class DetachFromTwilioTrunkStep extends StepHandler {
    public DetachFromTwilioTrunkStep() {
        this(TelephonyWiring.current().telephony());
    }

    public DetachFromTwilioTrunkStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    public NumberStatus expectedStatus() {
        return NumberStatus.RELEASING;
    }

    @Override
    protected String run(NumberRecord number) {
        if (number.twilioSid() == null) {
            return null;
        }
        return telephony().infrastructure().recordedId(SipInfrastructure.TWILIO_TRUNK, "sid").map(trunk -> {
            TwilioGateway twilio = telephony().providers().twilio();
            twilio.removeNumber(trunk, number.twilioSid());
            // The gateway counts a 404 as removed; the number is RELEASED only once the trunk really lacks it,
            // or Twilio would go on sending its calls to LiveKit.
            if (twilio.isNumberOnTrunk(trunk, number.twilioSid())) {
                throw new ProviderException.Transient("twilio", "TrunkPhoneNumbers.delete", 404, null,
                        number.phoneNumber() + " is still on trunk " + trunk + " after its removal; retrying", null);
            }
            return trunk;
        }).orElse(null);
    }
}
