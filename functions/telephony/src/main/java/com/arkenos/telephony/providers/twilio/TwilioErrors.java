package com.arkenos.telephony.providers.twilio;

import com.arkenos.telephony.providers.ProviderException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where SDK exceptions become {@link ProviderException}s.
 *
 * <ul>
 *   <li>No response (timeout, refused, reset): {@code Transient}, HTTP status 0.</li>
 *   <li>429 and 5xx: {@code Transient}. Any other status (400, 401, 403, 404...): {@code Permanent}.</li>
 *   <li>Twilio's numeric error code travels as provider code, its message as message.</li>
 * </ul>
 * Messages are scrubbed of the auth token and of any other secret of the call (a SIP password), and an exception
 * whose text had to be scrubbed is not attached as cause, so secrets cannot reach logs through a stack trace.
 */
final class TwilioErrors {
    static final String PROVIDER = "twilio";
    private static final String REDACTED = "[redacted]";

    private final String authToken;

    TwilioErrors(String authToken) {
        this.authToken = authToken;
    }

    ProviderException map(String operation, TwilioException e, String... otherSecrets) {
        List<String> secrets = new ArrayList<>(List.of(otherSecrets));
        secrets.add(authToken);
        String raw = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String message = redact(raw, secrets);
        Throwable cause = leaksSecret(e, secrets) ? null : e;

        if (e instanceof ApiConnectionException) {
            return new ProviderException.Transient(PROVIDER, operation, 0, null, message, cause);
        }
        if (e instanceof ApiException api) {
            int status = api.getStatusCode() == null ? 0 : api.getStatusCode();
            String code = api.getCode() == null ? null : String.valueOf(api.getCode());
            if (status == 0) {
                // No HTTP answer reached the SDK: an I/O failure is worth retrying, a response it could not parse
                // or a request it could not build is not.
                boolean io = e.getCause() instanceof IOException && !(e.getCause() instanceof JsonProcessingException);
                return io
                        ? new ProviderException.Transient(PROVIDER, operation, 0, code, message, cause)
                        : new ProviderException.Permanent(PROVIDER, operation, 0, code, message, cause);
            }
            return status == 429 || status >= 500
                    ? new ProviderException.Transient(PROVIDER, operation, status, code, message, cause)
                    : new ProviderException.Permanent(PROVIDER, operation, status, code, message, cause);
        }
        return new ProviderException.Permanent(PROVIDER, operation, 0, null, message, cause);
    }

    private static String redact(String text, List<String> secrets) {
        String result = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                result = result.replace(secret, REDACTED);
            }
        }
        return result;
    }

    private static boolean leaksSecret(Throwable e, List<String> secrets) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = t.getMessage();
            if (text != null && secrets.stream().anyMatch(s -> s != null && !s.isEmpty() && text.contains(s))) {
                return true;
            }
        }
        return false;
    }
}
