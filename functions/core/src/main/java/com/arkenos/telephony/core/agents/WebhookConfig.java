package com.arkenos.telephony.core.agents;

import com.arkenos.telephony.core.errors.InvalidInputException;
import com.arkenos.telephony.core.http.Text;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks {@code config.webhooks}: the dashboard's objects ({@code pre_call: {enabled, url, method, timeout, headers:
 * [{key, value}], assignments}}, {@code post_call: {..., body}}), which the agent worker reads as objects and calls
 * during a live call; a plain URL string from an older client is still accepted. Values are stored as sent.
 */
final class WebhookConfig {
    static final Set<String> HOOKS = Set.of("pre_call", "post_call");
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    static final int MIN_TIMEOUT_SECONDS = 1;
    static final int MAX_TIMEOUT_SECONDS = 30;
    private static final Pattern URL = Pattern.compile("https?://[^\\s]{1,2040}");
    /** An HTTP header name (RFC 9110 token); the dashboard's "Add header" row starts empty, which is kept. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{0,128}");
    private static final int MAX_HEADERS = 20;
    private static final int MAX_HEADER_VALUE = 4096;
    private static final int MAX_BODY = 16 * 1024;

    private WebhookConfig() {
    }

    static void validate(JsonNode hooks) {
        if (!hooks.isObject()) {
            throw invalid("webhooks", "must be an object");
        }
        for (String name : HOOKS) {
            JsonNode hook = hooks.get(name);
            if (hook == null || hook.isNull()) {
                continue;
            }
            String field = "webhooks." + name;
            if (hook.isTextual()) {
                url(field, hook);
            } else if (hook.isObject()) {
                object(field, hook);
            } else {
                throw invalid(field, "must be an object {enabled, url, method, timeout, headers} or an http(s) URL");
            }
        }
    }

    private static void object(String field, JsonNode hook) {
        JsonNode enabled = hook.get("enabled");
        if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
            throw invalid(field + ".enabled", "must be true or false");
        }
        boolean on = enabled != null && enabled.asBoolean(false);
        JsonNode url = hook.get("url");
        if (url == null || url.isNull() || (url.isTextual() && url.asText().isEmpty())) {
            if (on) {
                throw invalid(field + ".url", "is required when the webhook is enabled (an http(s) URL)");
            }
        } else {
            url(field + ".url", url);
        }
        JsonNode method = hook.get("method");
        if (method != null && !method.isNull() && !(method.isTextual() && METHODS.contains(method.asText()))) {
            throw invalid(field + ".method", "must be one of " + String.join(", ", new java.util.TreeSet<>(METHODS)));
        }
        JsonNode timeout = hook.get("timeout");
        if (timeout != null && !timeout.isNull() && !(timeout.isNumber() && timeout.asDouble() >= MIN_TIMEOUT_SECONDS
                && timeout.asDouble() <= MAX_TIMEOUT_SECONDS)) {
            throw invalid(field + ".timeout", "must be a number of seconds from " + MIN_TIMEOUT_SECONDS + " to "
                    + MAX_TIMEOUT_SECONDS);
        }
        headers(field + ".headers", hook.get("headers"));
        JsonNode assignments = hook.get("assignments");
        if (assignments != null && !assignments.isNull()) {
            if (!assignments.isArray()) {
                throw invalid(field + ".assignments", "must be an array");
            }
            for (JsonNode a : assignments) {
                if (!a.isObject()) {
                    throw invalid(field + ".assignments", "must hold objects {variable, path}");
                }
            }
        }
        JsonNode body = hook.get("body");
        if (body != null && !body.isNull() && !(body.isTextual() && body.asText().length() <= MAX_BODY)) {
            throw invalid(field + ".body", "must be a string of at most " + MAX_BODY + " characters");
        }
    }

    private static void url(String field, JsonNode url) {
        if (!(url.isTextual() && URL.matcher(url.asText()).matches())) {
            throw invalid(field, "must be an http(s) URL");
        }
    }

    /** Header rows become real request headers in the worker: no CR/LF or other control characters. */
    private static void headers(String field, JsonNode headers) {
        if (headers == null || headers.isNull()) {
            return;
        }
        if (!headers.isArray()) {
            throw invalid(field, "must be an array of {key, value}");
        }
        if (headers.size() > MAX_HEADERS) {
            throw invalid(field, "holds more than " + MAX_HEADERS + " headers");
        }
        for (JsonNode h : headers) {
            JsonNode key = h.get("key");
            JsonNode value = h.get("value");
            if (!h.isObject() || key == null || !key.isTextual() || value == null || !value.isTextual()) {
                throw invalid(field, "must hold objects {key, value} of strings");
            }
            if (!HEADER_NAME.matcher(key.asText()).matches()) {
                throw invalid(field, "holds an invalid header name '" + Text.printable(key.asText(), 40) + "'");
            }
            if (value.asText().length() > MAX_HEADER_VALUE || Text.hasControlCharacters(value.asText(), false)) {
                throw invalid(field, "holds a header value that is too long or has control characters");
            }
        }
    }

    private static InvalidInputException invalid(String field, String problem) {
        return new InvalidInputException("invalid_config", "config." + field + " " + problem);
    }
}
