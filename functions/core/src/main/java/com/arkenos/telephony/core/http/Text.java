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
     * Nor any other invisible format character (Unicode category Cf: U+200B zero width space, U+200E/U+200F marks,
     * U+FEFF, U+00AD soft hyphen, tag characters U+E0000-U+E007F...): they make two names that look the same differ,
     * and tag characters carry hidden text into whatever reads the name (an LLM prompt). See {@link #invisibleFormat}
     * for the two uses of Cf that real text needs and keeps.
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
        return !multiline && invisibleFormat(s);
    }

    /**
     * True when {@code s} holds a format character (Cf) that is not part of ordinary text. Kept: a zero width joiner
     * or non-joiner (U+200D, U+200C) between two visible characters, as emoji sequences (a family, a profession with
     * a skin tone) and Persian or Indic words use them; and an emoji flag of a subdivision (black flag U+1F3F4, 1-6
     * tag letters or digits, cancel tag U+E007F), the only use of tag characters in text.
     */
    static boolean invisibleFormat(String s) {
        int[] cps = s.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            // The whole tags block, its unassigned code points too (a newer Unicode may assign them as Cf).
            boolean tag = cp >= 0xE0000 && cp <= 0xE007F;
            if (!tag && Character.getType(cp) != Character.FORMAT) {
                continue;
            }
            if ((cp == 0x200C || cp == 0x200D) && i > 0 && i + 1 < cps.length && joinable(cps[i - 1])
                    && joinable(cps[i + 1])) {
                continue;
            }
            if (cp >= 0xE0020 && cp <= 0xE007F) {
                int end = subdivisionFlagEnd(cps, i);
                if (end > 0) {
                    i = end;
                    continue;
                }
            }
            return true;
        }
        return false;
    }

    /** What a joiner may stand next to: a character that shows (a variation selector after an emoji counts). */
    private static boolean joinable(int cp) {
        int type = Character.getType(cp);
        return !(Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.FORMAT
                || type == Character.CONTROL || cp == 0x3164 || cp == 0x115F || cp == 0x1160 || cp == 0xFFA0);
    }

    /** The index of the cancel tag ending the subdivision flag whose first tag is at {@code i}, or -1. */
    private static int subdivisionFlagEnd(int[] cps, int i) {
        if (i == 0 || cps[i - 1] != 0x1F3F4) {
            return -1;
        }
        for (int j = i; j < cps.length && j - i <= 6; j++) {
            int t = cps[j];
            if (t == 0xE007F) {
                return j > i ? j : -1;
            }
            if (!((t >= 0xE0030 && t <= 0xE0039) || (t >= 0xE0061 && t <= 0xE007A))) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * True when nothing of {@code s} would show: it holds only whitespace, space separators (Zs: NBSP, en and em
     * spaces, U+3000...), format characters, and letters or marks that render as nothing (U+3164 Hangul filler,
     * U+115F/U+1160 Hangul choseong/jungseong fillers, U+FFA0 halfwidth filler, U+2800 braille blank, U+034F
     * combining grapheme joiner, variation selectors, U+17B4/U+17B5, U+180B-U+180F). A name like that is blank to
     * whoever reads it in the dashboard, however long it is.
     */
    public static boolean visiblyBlank(String s) {
        return s.codePoints().allMatch(Text::blankLooking);
    }

    private static boolean blankLooking(int cp) {
        int type = Character.getType(cp);
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.FORMAT
                || type == Character.CONTROL
                || cp == 0x3164 || cp == 0x115F || cp == 0x1160 || cp == 0xFFA0 || cp == 0x2800 || cp == 0x034F
                || cp == 0x17B4 || cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F)
                || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
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
