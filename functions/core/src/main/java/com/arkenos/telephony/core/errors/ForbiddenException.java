package com.arkenos.telephony.core.errors;

/**
 * A request the deployment's rules never allow, whoever asks and whatever the state (a call to a destination
 * outside the allowlist). Not for another owner's resources: those are {@link NotFoundException}.
 */
public class ForbiddenException extends TelephonyException {
    public ForbiddenException(String code, String message) {
        super(code, message);
    }
}
