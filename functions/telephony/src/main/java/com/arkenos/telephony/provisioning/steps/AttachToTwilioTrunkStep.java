package com.arkenos.telephony.provisioning.steps;

import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.provisioning.SupersededException;
import com.arkenos.telephony.provisioning.Telephony;
import com.arkenos.telephony.wiring.TelephonyWiring;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * Associates the number with the shared Twilio trunk, so Twilio sends its calls to LiveKit. A number whose
 * Twilio sid was never recorded (assigned numbers, or a purchase whose answer was lost) is looked up first.
 */
public class AttachToTwilioTrunkStep extends StepHandler {
    public AttachToTwilioTrunkStep() {
        this(TelephonyWiring.current().telephony());
    }

    public AttachToTwilioTrunkStep(Telephony telephony) {
        super(telephony);
    }

    @Override
    public NumberStatus expectedStatus() {
        return NumberStatus.PROVISIONING;
    }

    @Override
    protected String run(NumberRecord number) {
        String sid = number.twilioSid();
        if (sid == null) {
            sid = telephony().providers().twilio().findOwned(number.phoneNumber())
                    .orElseThrow(() -> new ProviderException.Permanent("twilio", "IncomingPhoneNumbers.list", 404,
                            "20404", number.phoneNumber() + " is not in the Twilio account", null))
                    .sid();
            if (!telephony().numbers().finishStep(number.phoneNumber(), number.execution(), NumberStatus.PROVISIONING,
                    Map.of(NumberStore.SID, AttributeValue.fromS(sid)))) {
                throw new SupersededException(number.phoneNumber(), number.execution());
            }
        }
        String trunk = telephony().infrastructure().ensureTwilioTrunk();
        telephony().providers().twilio().associateNumber(trunk, sid);
        return trunk;
    }
}
