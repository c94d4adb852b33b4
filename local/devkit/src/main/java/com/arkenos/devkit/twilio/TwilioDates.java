package com.arkenos.devkit.twilio;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Twilio's two date formats: RFC 2822 in API 2010-04-01, ISO 8601 in the v1 APIs such as Trunking. */
final class TwilioDates {
    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_8601 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.US).withZone(ZoneOffset.UTC);

    private TwilioDates() {
    }

    /** For example {@code Thu, 30 Jul 2015 23:19:04 +0000}. */
    static String rfc2822(Instant instant) {
        return RFC_2822.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** For example {@code 2015-01-02T11:23:45Z}. */
    static String iso8601(Instant instant) {
        return ISO_8601.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
