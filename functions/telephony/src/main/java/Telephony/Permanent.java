package Telephony;

/** A provider refused the step for good (a 4xx): retrying cannot help, the number is marked FAILED naming the step. */
public final class Permanent extends RuntimeException {
    public static final String NAME = "Telephony.Permanent";

    public Permanent(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
