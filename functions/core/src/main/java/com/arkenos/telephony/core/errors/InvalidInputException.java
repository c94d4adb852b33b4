package com.arkenos.telephony.core.errors;

/** A value the caller gave is not one the domain accepts: not a phone number, not a config, not a cursor. */
public class InvalidInputException extends TelephonyException {
    public InvalidInputException(String code, String message) {
        super(code, message);
    }
}
