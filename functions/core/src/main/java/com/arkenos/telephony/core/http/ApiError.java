package com.arkenos.telephony.core.http;

/**
 * A request that cannot be served, with the HTTP status and the stable machine-readable code the client sees as
 * {@code {"error": {"code": ..., "message": ...}, "detail": ...}} (see {@link HttpResponse#error}).
 */
public class ApiError extends RuntimeException {
    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    public static ApiError invalid(String field, String message) {
        return new ApiError(400, "invalid_" + field, message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message);
    }

    public static ApiError notFound(String what) {
        return new ApiError(404, "not_found", what);
    }

    public static ApiError conflict(String code, String message) {
        return new ApiError(409, code, message);
    }

    public static ApiError tooLarge(String message) {
        return new ApiError(413, "payload_too_large", message);
    }
}
