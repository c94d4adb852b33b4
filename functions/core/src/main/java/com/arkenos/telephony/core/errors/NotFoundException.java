package com.arkenos.telephony.core.errors;

/**
 * The thing asked for does not exist for this owner: another owner's agent, number or call is not found either,
 * never forbidden. Its code is always {@code not_found}.
 */
public class NotFoundException extends TelephonyException {
    public NotFoundException(String message) {
        super("not_found", message);
    }
}
