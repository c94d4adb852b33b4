package com.arkenos.telephony.core.errors;

/**
 * The owner is at a limit that frees itself with time (live calls at MaxConcurrentCallsPerOwner): the same
 * request can succeed later without the caller changing anything. A limit the owner has to act on (numbers held)
 * is a {@link ConflictException}.
 */
public class LimitExceededException extends TelephonyException {
    public LimitExceededException(String code, String message) {
        super(code, message);
    }
}
