package com.arkenos.telephony.provisioning;

/**
 * The number is no longer owned by this execution (a newer attempt or a release took it over). Permanent: this
 * execution stops without touching the number.
 */
public final class SupersededException extends RuntimeException {
    public SupersededException(String phone, String execution) {
        super("execution " + execution + " no longer owns " + phone);
    }
}
