package com.arkenos.telephony.core.errors;

/** A value the caller gave is larger than the domain keeps (an agent's config over its byte limit). */
public class TooLargeException extends InvalidInputException {
    public TooLargeException(String code, String message) {
        super(code, message);
    }
}
