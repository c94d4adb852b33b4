package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.errors.ForbiddenException;
import com.arkenos.telephony.core.http.HttpErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbound allowlist decided by libphonenumber's region, and the prefixes refused whatever it says. */
class OutboundDestinationsTest {
    private final OutboundDestinations usCa = OutboundDestinations.from(Env.of(Map.of()));

    private static ForbiddenException refused(OutboundDestinations d, String number) {
        ForbiddenException e = assertThrows(ForbiddenException.class, () -> d.check(number), number);
        assertEquals(403, HttpErrors.status(e), number);
        assertEquals("destination_not_allowed", e.code(), number);
        return e;
    }

    @ParameterizedTest(name = "allowed by default: {0}")
    @ValueSource(strings = {"+14155550123", "+12025550101", "+15105550100", "+16475550123", "+14165550123",
            "+16045550123", "+18005550123"})
    void usAndCanadaAreCalledByDefault(String number) {
        assertDoesNotThrow(() -> usCa.check(number));
    }

    @ParameterizedTest(name = "not US though +1: {0}")
    @ValueSource(strings = {"+18765550123", "+18095550123", "+18295550123", "+12425550123", "+14415550123",
            "+16495550123", "+17875550123"})
    void otherNanpCountriesAreNotTheUs(String number) {
        ForbiddenException e = refused(usCa, number);
        assertTrue(e.getMessage().contains("CA, US (OutboundCountryAllowlist)"), e.getMessage());
    }

    @Test
    void theMessageNamesTheCountryAndTheLimit() {
        assertEquals("calls to JM (Jamaica) are not allowed; this deployment calls CA, US (OutboundCountryAllowlist)",
                refused(usCa, "+18765550123").getMessage());
        refused(usCa, "+442071234567");
        refused(usCa, "+19995550100"); // an unassigned area code belongs to no country
    }

    @ParameterizedTest(name = "always refused: {0}")
    @ValueSource(strings = {"+19005550123", "+19765550123", "+881234567890", "+8821234567", "+883123456789",
            "+8810", "+88299999999999"})
    void premiumAndInternationalNetworksAreAlwaysRefused(String number) {
        OutboundDestinations everything = new OutboundDestinations(Set.of("US", "CA", "001", "GB"));
        refused(everything, number);
        refused(usCa, number);
    }

    @Test
    void theAllowlistIsTheParameter_andItsEdgesHold() {
        OutboundDestinations gb = OutboundDestinations.from(Env.of(Map.of("OUTBOUND_COUNTRY_ALLOWLIST", " gb , ie")));
        assertDoesNotThrow(() -> gb.check("+442071234567"));
        assertDoesNotThrow(() -> gb.check("+35312345678"));
        refused(gb, "+14155550123");
        // the prefix edges: +1 899 and +1 901 are not premium (899 is unassigned: no country, still refused)
        assertDoesNotThrow(() -> usCa.check("+19015550123"));
        assertDoesNotThrow(() -> usCa.check("+19735550123"));
        refused(usCa, "+19005550123");
        // +880 (Bangladesh) and +884 are not the international networks: decided by country, not by prefix
        OutboundDestinations bd = new OutboundDestinations(Set.of("BD"));
        assertDoesNotThrow(() -> bd.check("+8801712345678"));
        assertTrue(refused(usCa, "+8801712345678").getMessage().contains("BD (Bangladesh)"));
    }

    @Test
    void warmingUp_evenAnUnknownCountry_changesNoDecision() {
        OutboundDestinations odd = OutboundDestinations.from(Env.of(Map.of("OUTBOUND_COUNTRY_ALLOWLIST", "US,XX")));
        assertDoesNotThrow(odd::warmUp);
        assertDoesNotThrow(() -> odd.check("+14155550123"));
        refused(odd, "+442071234567");
    }
}
