package com.arkenos.telephony.core.http;

import com.arkenos.telephony.core.errors.ConflictException;
import com.arkenos.telephony.core.errors.ForbiddenException;
import com.arkenos.telephony.core.errors.IdempotencyKeyReusedException;
import com.arkenos.telephony.core.errors.InvalidInputException;
import com.arkenos.telephony.core.errors.LimitExceededException;
import com.arkenos.telephony.core.errors.NotFoundException;
import com.arkenos.telephony.core.errors.ProviderRejectedException;
import com.arkenos.telephony.core.errors.TelephonyException;
import com.arkenos.telephony.core.errors.TooLargeException;
import com.arkenos.telephony.core.errors.UnavailableException;

/**
 * The one place a domain refusal ({@link TelephonyException}) becomes an HTTP answer: its status by kind, and the
 * body every error has, {@code {"error": {"code", "message"}, "detail": message}} ({@link HttpResponse#error}), with
 * the exception's own code and message. {@link ApiError}s (request parsing, the functions) carry their own status
 * and are answered by {@link HttpResponse#error(ApiError)}.
 */
public final class HttpErrors {
    private HttpErrors() {
    }

    /** The HTTP status of a kind of refusal; a kind not listed here is a 500, as any unexpected failure is. */
    public static int status(TelephonyException e) {
        if (e instanceof NotFoundException) {
            return 404;
        }
        if (e instanceof ConflictException) {
            return 409;
        }
        if (e instanceof TooLargeException) {
            return 413;
        }
        if (e instanceof InvalidInputException) {
            return 400;
        }
        if (e instanceof ForbiddenException) {
            return 403;
        }
        if (e instanceof IdempotencyKeyReusedException) {
            return 422;
        }
        if (e instanceof LimitExceededException) {
            return 429;
        }
        if (e instanceof ProviderRejectedException) {
            return 502;
        }
        if (e instanceof UnavailableException) {
            return 503;
        }
        return 500;
    }

    public static HttpResponse response(TelephonyException e) {
        return HttpResponse.error(status(e), e.code(), e.getMessage());
    }
}
