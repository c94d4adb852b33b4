package com.arkenos.telephony.core.http;

import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single-line fields refuse invisible format characters and names that show nothing; real text passes unchanged. */
class InvisibleTextTest {

    private static ApiError refused(String value) {
        ObjectNode o = Json.object().put("name", value);
        return assertThrows(ApiError.class, () -> new JsonBody(o).requiredString("name", 200));
    }

    private static String accepted(String value) {
        return new JsonBody(Json.object().put("name", value)).requiredString("name", 200);
    }

    @ParameterizedTest(name = "Cf refused: {0}")
    @ValueSource(strings = {"Front\u200Bdesk", "Front desk\u200E", "\u200FFront", "\uFEFFFront desk", "Fr\u00ADont",
            "Front\u2060desk", "Front\u2061", "Front\u180Edesk", "\u0600Front", "Front\u061Cdesk",
            // tag characters: hidden ASCII after a visible name ("ASCII smuggling"), first and last of the block
            "Front desk\uDB40\uDC69\uDB40\uDC67\uDB40\uDC6E", "Front\uDB40\uDC00", "Front\uDB40\uDC7F",
            "Front\uDB40\uDC20desk",
            // joiners where nothing joins: at an end, beside a space, doubled
            "\u200DFront", "Front\u200D", "Front \u200D desk", "Front\u200D\u200Ddesk", "Front\u200C"})
    void formatCharactersAreRefused(String value) {
        ApiError e = refused(value);
        assertEquals(400, e.status());
        assertEquals("invalid_name", e.code());
    }

    @ParameterizedTest(name = "blank-looking refused: {0}")
    @ValueSource(strings = {"\u3164", "\u3164\u3164\u3164", "\u115F", "\u1160", "\uFFA0", "\u00A0", "\u00A0\u00A0",
            "\u2003", "\u3000", "\u202F", "\u2800", "\u3164\u00A0\u115F", "\u034F", "\uFE0F"})
    void namesThatShowNothingAreRefused(String value) {
        ApiError e = refused(value);
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("blank"), e.getMessage());
    }

    @ParameterizedTest(name = "kept: {0}")
    @ValueSource(strings = {"Front desk", "Réception", "Приёмная", "受付", "접수처", "مكتب الاستقبال", "קבלה",
            "स्वागत कक्ष", "می\u200Cخواهم", "क्\u200Dष", "Front desk \uD83D\uDCDE",
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\uD83D\uDC69\uD83C\uDFFD\u200D\uD83D\uDCBB",
            "\uD83D\uDC41\uFE0F\u200D\uD83D\uDDE8\uFE0F", "\uD83C\uDDFA\uD83C\uDDF8",
            // a subdivision flag: black flag, tags g b s c t, cancel tag
            "Glasgow \uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F",
            "A\u00A0B", "\u3164x", "x"})
    void realTextIsKept(String value) {
        assertEquals(value, accepted(value));
    }

    @Test
    void boundaries() {
        // the Cf block edges next to them: U+200A (a Zs space) inside a name is fine, U+200B is not
        assertEquals("a\u200Ab", accepted("a\u200Ab"));
        refused("a\u200Bb");
        // the tag block: U+E0080 is outside it (unassigned, not Cf) and is not refused as a tag
        assertFalse(Text.invisibleFormat("a\uDB40\uDC80"));
        assertTrue(Text.invisibleFormat("a\uDB40\uDC7F"));
        // a subdivision flag with more than 6 tags is not a flag
        assertTrue(Text.invisibleFormat("\uD83C\uDFF4" + "\uDB40\uDC61".repeat(7) + "\uDB40\uDC7F"));
        assertFalse(Text.invisibleFormat("\uD83C\uDFF4" + "\uDB40\uDC61".repeat(6) + "\uDB40\uDC7F"));
        // multi-line text (a prompt) is not held to the single-line rule
        assertFalse(Text.hasControlCharacters("line\u200Bone\nline two", true));
        assertTrue(Text.hasControlCharacters("line\u200Bone", false));
    }
}
