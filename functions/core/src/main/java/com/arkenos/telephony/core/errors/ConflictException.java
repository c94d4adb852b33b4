package com.arkenos.telephony.core.errors;

/**
 * The request cannot be done in the state things are in: the number is held by someone else
 * ({@code number_unavailable}), an operation is running ({@code operation_in_progress}), it is already done
 * ({@code already_assigned}, {@code number_already_owned}), a version moved on ({@code version_conflict},
 * {@code concurrent_change}), or the owner holds all the numbers it may ({@code number_limit}).
 */
public class ConflictException extends TelephonyException {
    public ConflictException(String code, String message) {
        super(code, message);
    }
}
