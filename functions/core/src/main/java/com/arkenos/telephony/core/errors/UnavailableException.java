package com.arkenos.telephony.core.errors;

/**
 * Something the request needs could not be done now (a workflow that did not start, a room that did not end, a
 * shared trunk another request is creating); nothing is left half-done and the same request can be sent again.
 */
public class UnavailableException extends TelephonyException {
    public UnavailableException(String code, String message) {
        super(code, message);
    }
}
