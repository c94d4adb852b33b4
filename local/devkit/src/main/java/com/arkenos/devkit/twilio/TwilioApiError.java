package com.arkenos.devkit.twilio;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Twilio REST error: thrown by the sandbox's handlers, written as Twilio's error JSON. */
final class TwilioApiError extends RuntimeException {
    private final int status;
    private final int code;

    TwilioApiError(int status, int code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static TwilioApiError badRequest(int code, String message) {
        return new TwilioApiError(400, code, message);
    }

    /** Twilio names the resource path as the client addressed it, without the host. */
    static TwilioApiError notFound(String twilioPath) {
        return new TwilioApiError(404, TwilioErrorCodes.NOT_FOUND,
                "The requested resource " + twilioPath + " was not found");
    }

    static TwilioApiError authenticate() {
        return new TwilioApiError(401, TwilioErrorCodes.AUTHENTICATE, "Authenticate");
    }

    static TwilioApiError methodNotAllowed() {
        return new TwilioApiError(405, TwilioErrorCodes.METHOD_NOT_ALLOWED, "Method not allowed");
    }

    static TwilioApiError tooManyRequests() {
        return new TwilioApiError(429, TwilioErrorCodes.TOO_MANY_REQUESTS, "Too Many Requests");
    }

    static TwilioApiError internalServerError() {
        return new TwilioApiError(500, TwilioErrorCodes.INTERNAL_SERVER_ERROR, "Internal Server Error");
    }

    static TwilioApiError missingParameter(String name) {
        return badRequest(TwilioErrorCodes.BAD_REQUEST, "Missing required parameter " + name + " in the post body");
    }

    static TwilioApiError invalidParameter(String name, String value) {
        return badRequest(TwilioErrorCodes.BAD_REQUEST, "Invalid value for " + name + ": " + value);
    }

    int status() {
        return status;
    }

    int code() {
        return code;
    }

    /** Twilio's error body; {@code status} repeats the HTTP status because the SDK reads it from the JSON. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", getMessage());
        body.put("more_info", TwilioErrorCodes.moreInfo(code));
        body.put("status", status);
        return body;
    }
}
