package com.arkenos.telephony.providers.twilio;

import java.util.Map;

/**
 * A number Twilio offers for sale.
 *
 * @param phoneNumber  E.164
 * @param capabilities {@code voice}, {@code sms} and {@code mms}
 */
public record AvailableNumber(String phoneNumber, String friendlyName, String locality, String region,
                              String isoCountry, Map<String, Boolean> capabilities) {

    public AvailableNumber {
        capabilities = Map.copyOf(capabilities);
    }
}
