package com.arkenos.telephony.providers.twilio;

import java.util.Locale;

/**
 * A search for numbers to buy. Voice capability is always required: the product only places and answers calls.
 *
 * @param country  ISO 3166-1 alpha-2 code, for example {@code US}
 * @param type     local, toll-free or mobile
 * @param areaCode area code to search in, or null for any
 * @param contains Twilio pattern (digits, letters for keypad digits, {@code *} for any digit), or null
 * @param limit    at most this many results, 1 to 1000
 */
public record NumberSearch(String country, NumberType type, Integer areaCode, String contains, int limit) {
    public static final int MAX_LIMIT = 1000;

    public NumberSearch {
        if (country == null || !country.matches("[A-Za-z]{2}")) {
            throw new IllegalArgumentException("country must be an ISO 3166-1 alpha-2 code");
        }
        country = country.toUpperCase(Locale.ROOT);
        if (type == null) {
            throw new IllegalArgumentException("type is required");
        }
        if (areaCode != null && areaCode <= 0) {
            throw new IllegalArgumentException("areaCode must be positive");
        }
        if (contains != null && !contains.matches("\\+?[0-9A-Za-z*]{2,}")) {
            throw new IllegalArgumentException("contains must use digits, letters and * (at least two)");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static NumberSearch local(String country, Integer areaCode, int limit) {
        return new NumberSearch(country, NumberType.LOCAL, areaCode, null, limit);
    }
}
