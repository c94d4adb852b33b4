package com.arkenos.devkit.livekit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * A Twirp error as LiveKit's server answers it: an HTTP status derived from the code and the JSON body
 * {@code {"code":"not_found","msg":"...","meta":{...}}} (meta omitted when empty), whatever the request's content type.
 */
final class TwirpError extends RuntimeException {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String code;
    private final Map<String, String> meta;

    TwirpError(String code, String msg, Map<String, String> meta) {
        super(msg, null, false, false);
        this.code = code;
        this.meta = Map.copyOf(meta);
    }

    TwirpError(String code, String msg) {
        this(code, msg, Map.of());
    }

    static TwirpError invalidArgument(String msg) {
        return new TwirpError("invalid_argument", msg);
    }

    static TwirpError notFound(String msg) {
        return new TwirpError("not_found", msg);
    }

    static TwirpError failedPrecondition(String msg) {
        return new TwirpError("failed_precondition", msg);
    }

    static TwirpError unauthenticated(String msg) {
        return new TwirpError("unauthenticated", msg);
    }

    static TwirpError permissionDenied(String msg) {
        return new TwirpError("permission_denied", msg);
    }

    static TwirpError badRoute(String msg) {
        return new TwirpError("bad_route", msg);
    }

    static TwirpError malformed(String msg) {
        return new TwirpError("malformed", msg);
    }

    static TwirpError internal(String msg) {
        return new TwirpError("internal", msg);
    }

    String code() {
        return code;
    }

    String msg() {
        return getMessage();
    }

    Map<String, String> meta() {
        return meta;
    }

    int httpStatus() {
        return httpStatus(code);
    }

    /** Twirp's fixed code-to-status table (twitchtv/twirp ServerHTTPStatusFromErrorCode). */
    static int httpStatus(String code) {
        return switch (code) {
            case "canceled", "deadline_exceeded" -> 408;
            case "invalid_argument", "malformed", "out_of_range" -> 400;
            case "not_found", "bad_route" -> 404;
            case "already_exists", "aborted" -> 409;
            case "permission_denied" -> 403;
            case "unauthenticated" -> 401;
            case "resource_exhausted" -> 429;
            case "failed_precondition" -> 412;
            case "unimplemented" -> 501;
            case "unavailable" -> 503;
            default -> 500; // unknown, internal, dataloss
        };
    }

    String toJson() {
        ObjectNode body = JSON.createObjectNode();
        body.put("code", code);
        body.put("msg", msg());
        if (!meta.isEmpty()) {
            ObjectNode m = body.putObject("meta");
            meta.forEach(m::put);
        }
        return body.toString();
    }
}
