package com.arkenos.devkit.twilio;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Twilio's number patterns, as in {@code Contains=510555****} or {@code Contains=STORM}: digits match themselves,
 * letters match their telephone keypad digit and {@code *} matches any one digit. The pattern may sit anywhere in
 * the number; a leading {@code +} pins it to the start (how a full E.164 number filters IncomingPhoneNumbers).
 */
final class NumberPattern {
    private static final String KEYPAD = "22233344455566677778889999";

    private NumberPattern() {
    }

    static Predicate<String> compile(String parameter, String pattern) {
        boolean anchored = pattern.startsWith("+");
        String body = anchored ? pattern.substring(1) : pattern;
        if (body.isEmpty()) {
            throw TwilioApiError.invalidParameter(parameter, pattern);
        }
        StringBuilder regex = new StringBuilder(anchored ? "^" : "");
        for (char c : body.toCharArray()) {
            if (Character.isDigit(c)) {
                regex.append(c);
            } else if (c == '*') {
                regex.append("\\d");
            } else if (c < 128 && Character.isLetter(c)) {
                regex.append(KEYPAD.charAt(Character.toUpperCase(c) - 'A'));
            } else {
                throw TwilioApiError.invalidParameter(parameter, pattern);
            }
        }
        Pattern compiled = Pattern.compile(regex.toString());
        return e164 -> compiled.matcher(e164.substring(1)).find();
    }

    static boolean isE164(String number) {
        return number != null && number.matches("\\+[1-9]\\d{6,14}");
    }
}
