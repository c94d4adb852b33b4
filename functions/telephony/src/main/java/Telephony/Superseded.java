package Telephony;

/** The step's execution no longer owns the number (a newer attempt or operation took it over): nothing is recorded. */
public final class Superseded extends RuntimeException {
    public static final String NAME = "Telephony.Superseded";

    public Superseded(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
