package com.arkenos.telephony.core.errors;

/** Twilio or LiveKit answered and refused the request; sending it again will not change that. */
public class ProviderRejectedException extends TelephonyException {
    public ProviderRejectedException(String code, String message) {
        super(code, message);
    }
}
