package com.arkenos.telephony.providers;

/**
 * A Twilio or LiveKit call that failed. {@link #transient_()} says whether trying again can help
 * (429, 5xx, timeouts, refused or reset connections); the provider's own code (Twilio error code,
 * Twirp code, SIP status code) travels with it so the user sees what the provider said.
 *
 * <p>The two subclasses exist so that Step Functions can match them by name in {@code ErrorEquals}.
 */
public abstract class ProviderException extends RuntimeException {
    private final String provider;
    private final String operation;
    private final String providerCode;
    private final int httpStatus;

    protected ProviderException(String provider, String operation, int httpStatus, String providerCode, String message,
                                Throwable cause) {
        super(provider + " " + operation + " failed" + (providerCode == null ? "" : " (" + providerCode + ")")
                + ": " + message, cause);
        this.provider = provider;
        this.operation = operation;
        this.providerCode = providerCode;
        this.httpStatus = httpStatus;
    }

    public abstract boolean transient_();

    /** {@code twilio} or {@code livekit}. */
    public String provider() {
        return provider;
    }

    /** The operation that failed, for example {@code IncomingPhoneNumbers.create}. */
    public String operation() {
        return operation;
    }

    /** Twilio's numeric error code, the Twirp code, or the SIP status code; null when the provider gave none. */
    public String providerCode() {
        return providerCode;
    }

    /** The HTTP status the provider answered, or 0 when no response arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Retrying may succeed: rate limits, server errors, timeouts, refused or reset connections. */
    public static final class Transient extends ProviderException {
        public Transient(String provider, String operation, int httpStatus, String providerCode, String message,
                         Throwable cause) {
            super(provider, operation, httpStatus, providerCode, message, cause);
        }

        @Override
        public boolean transient_() {
            return true;
        }
    }

    /** Retrying cannot help: bad credentials, a number no longer available, a missing resource, invalid input. */
    public static final class Permanent extends ProviderException {
        public Permanent(String provider, String operation, int httpStatus, String providerCode, String message,
                         Throwable cause) {
            super(provider, operation, httpStatus, providerCode, message, cause);
        }

        @Override
        public boolean transient_() {
            return false;
        }
    }
}
