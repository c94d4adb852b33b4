package Telephony;

/** A provider failed in a way worth retrying (429, 5xx, timeout, reset): the state machines retry it with backoff. */
public final class Transient extends RuntimeException {
    public static final String NAME = "Telephony.Transient";

    public Transient(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
