package com.arkenos.telephony.core;

import java.util.UUID;
import java.util.regex.Pattern;

/** Identifiers the API hands out. */
public final class Ids {
    private static final Pattern UUID_PATTERN =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Ids() {
    }

    public static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** Lower-case canonical UUIDs only: the form this API issues. */
    public static boolean isUuid(String s) {
        return s != null && s.length() == 36 && UUID_PATTERN.matcher(s).matches();
    }
}
