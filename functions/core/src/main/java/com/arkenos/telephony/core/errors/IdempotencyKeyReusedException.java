package com.arkenos.telephony.core.errors;

/** An Idempotency-Key already bound to another request; its code is always {@code idempotency_key_reused}. */
public class IdempotencyKeyReusedException extends TelephonyException {
    public IdempotencyKeyReusedException(String message) {
        super("idempotency_key_reused", message);
    }
}
