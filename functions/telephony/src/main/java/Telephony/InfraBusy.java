package Telephony;

/**
 * A shared SIP resource's lease is held by another number's step: retried sooner and more often than a provider
 * failure.
 */
public final class InfraBusy extends RuntimeException {
    public static final String NAME = "Telephony.InfraBusy";

    public InfraBusy(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
