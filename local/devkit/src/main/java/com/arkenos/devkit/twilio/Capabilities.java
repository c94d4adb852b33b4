package com.arkenos.devkit.twilio;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a number can do. */
record Capabilities(boolean voice, boolean sms, boolean mms, boolean fax) {

    /**
     * AvailablePhoneNumbers spell SMS and MMS in capitals; the Twilio Java SDK only reads those spellings
     * (its PhoneNumberCapabilities binds "SMS" and "MMS").
     */
    Map<String, Object> availableJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("voice", voice);
        json.put("SMS", sms);
        json.put("MMS", mms);
        json.put("fax", fax);
        return json;
    }

    /** IncomingPhoneNumbers use lower-case keys, as Twilio's own API documents show. */
    Map<String, Object> incomingJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("voice", voice);
        json.put("sms", sms);
        json.put("mms", mms);
        json.put("fax", fax);
        return json;
    }
}
