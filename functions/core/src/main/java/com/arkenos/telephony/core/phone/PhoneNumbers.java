package com.arkenos.telephony.core.phone;

import com.arkenos.telephony.core.errors.InvalidInputException;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * E.164 at every boundary. User input is normalised once ({@link #requireE164}); numbers that arrive from the SIP
 * side (LiveKit's {@code sip.trunkPhoneNumber}, Twilio's forms) get the lenient {@link #fromDialled}.
 */
public final class PhoneNumbers {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern FORMATTING = Pattern.compile("[\\s().\\-]");

    private PhoneNumbers() {
    }

    public static boolean isE164(String s) {
        return s != null && E164.matcher(s).matches();
    }

    /**
     * A number typed by a user: {@code +} and digits, with spaces, dots, dashes and parentheses allowed as
     * formatting. Without a leading {@code +} it is refused: guessing a country would dial the wrong person.
     */
    public static String requireE164(String field, String input) {
        if (input == null) {
            throw new InvalidInputException("missing_field", "'" + field + "' is required");
        }
        String s = FORMATTING.matcher(input.strip()).replaceAll("");
        if (!isE164(s)) {
            throw new InvalidInputException("invalid_phone_number",
                    "'" + field + "' must be an E.164 number such as +15105550100");
        }
        return s;
    }

    /**
     * A dialled number as LiveKit or Twilio may present it: {@code +15105550100}, {@code 15105550100},
     * {@code tel:+1-510-555-0100}, {@code sip:+15105550100@host;user=phone}, or a 10-digit North American number.
     */
    public static Optional<String> fromDialled(String input) {
        if (input == null) {
            return Optional.empty();
        }
        String s = input.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:") || lower.startsWith("tel:")) {
            s = s.substring(s.indexOf(':') + 1);
        }
        int cut = indexOfAny(s, '@', ';');
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        s = FORMATTING.matcher(s).replaceAll("");
        if (s.startsWith("00")) {
            s = "+" + s.substring(2);
        } else if (!s.startsWith("+")) {
            if (!s.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            s = (s.length() == 10 ? "+1" : "+") + s;
        }
        return isE164(s) ? Optional.of(s) : Optional.empty();
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }
}
