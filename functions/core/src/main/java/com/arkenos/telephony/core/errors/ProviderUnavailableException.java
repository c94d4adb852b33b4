package com.arkenos.telephony.core.errors;

/** Twilio or LiveKit could not answer (a timeout, a 5xx, rate limiting): try again. */
public class ProviderUnavailableException extends UnavailableException {
    public ProviderUnavailableException(String code, String message) {
        super(code, message);
    }
}
