package com.arkenos.devkit.twilio;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Form or query parameters of one request, with Twilio's validation errors for bad values. */
final class Params {
    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    static Params empty() {
        return new Params(Map.of());
    }

    /** Parses {@code a=1&b=%2B1...}; the first value of a repeated name wins (no endpoint here takes lists). */
    static Params parse(String urlEncoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (urlEncoded != null && !urlEncoded.isEmpty()) {
            for (String pair : urlEncoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.putIfAbsent(name, value);
            }
        }
        return new Params(values);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw TwilioApiError.missingParameter(name);
        }
        return value;
    }

    Optional<Integer> integer(String name) {
        return get(name).map(v -> {
            try {
                return Integer.valueOf(v.trim());
            } catch (NumberFormatException e) {
                throw TwilioApiError.invalidParameter(name, v);
            }
        });
    }

    int integer(String name, int defaultValue, int min, int max) {
        int value = integer(name).orElse(defaultValue);
        if (value < min || value > max) {
            throw TwilioApiError.invalidParameter(name, String.valueOf(value));
        }
        return value;
    }

    int requiredInteger(String name, int min, int max) {
        required(name);
        return integer(name, 0, min, max);
    }

    Optional<Boolean> bool(String name) {
        return get(name).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw TwilioApiError.invalidParameter(name, v);
        });
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw TwilioApiError.badRequest(TwilioErrorCodes.BAD_REQUEST, "Malformed URL-encoded parameters");
        }
    }
}
