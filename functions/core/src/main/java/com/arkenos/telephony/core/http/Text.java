package com.arkenos.telephony.core.http;

/** Small string checks shared by validators. */
public final class Text {
    private Text() {
    }

    /**
     * True when {@code s} holds C0/C1 control characters (newlines and tabs allowed when {@code multiline}), line or
     * paragraph separators, or unpaired surrogates. A single-line value (a name, an id) also may not hold the bidi
     * embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069): they make a name display as
     * something else than it is ("Trojan Source" spoofing in the dashboard); right-to-left text needs none of them.
     */
    public static boolean hasControlCharacters(String s, boolean multiline) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (multiline && (c == '\n' || c == '\r' || c == '\t')) {
                continue;
            }
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
            if (!multiline && ((c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069'))) {
                return true;
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1));
                if (!paired) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    /** A short, printable rendering of untrusted text for error messages. */
    public static String printable(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        return s.length() > max ? b + "..." : b.toString();
    }
}
