package com.arkenos.devkit.twilio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's number stock: United States, Canada and United Kingdom, generated deterministically so that the
 * same search always offers the same numbers (minus the ones already bought).
 */
final class NumberPlans {
    private static final int NANP_FIRST = 100;
    private static final int NANP_BLOCK = 100;
    private static final List<Integer> TOLL_FREE_PREFIXES = List.of(800, 833, 844, 855, 866, 877, 888);

    private final Map<String, CountryPlan> countries;

    private NumberPlans(List<CountryPlan> countries) {
        Map<String, CountryPlan> byIso = new LinkedHashMap<>();
        countries.forEach(c -> byIso.put(c.isoCountry(), c));
        this.countries = Map.copyOf(byIso);
    }

    static NumberPlans standard() {
        return new NumberPlans(List.of(unitedStates(), canada(), unitedKingdom()));
    }

    Optional<CountryPlan> country(String isoCountry) {
        return Optional.ofNullable(countries.get(isoCountry.toUpperCase(Locale.ROOT)));
    }

    /** The stock entry for an E.164 number, whichever country sells it. */
    Optional<PoolNumber> lookup(String e164) {
        return countries.values().stream().flatMap(c -> c.lookup(e164).stream()).findFirst();
    }

    private static CountryPlan unitedStates() {
        List<NumberBlock> blocks = new ArrayList<>();
        nanpLocal(blocks, 201, Locality.nanp("Jersey City", "NJ", "07302", "40.717800", "-74.043100", "224"));
        nanpLocal(blocks, 206, Locality.nanp("Seattle", "WA", "98101", "47.606200", "-122.332100", "674"));
        nanpLocal(blocks, 212, Locality.nanp("New York", "NY", "10001", "40.750600", "-73.997200", "132"));
        nanpLocal(blocks, 213, Locality.nanp("Los Angeles", "CA", "90012", "34.052200", "-118.243700", "730"));
        nanpLocal(blocks, 305, Locality.nanp("Miami", "FL", "33130", "25.761700", "-80.191800", "460"));
        nanpLocal(blocks, 312, Locality.nanp("Chicago", "IL", "60601", "41.878100", "-87.629800", "358"));
        nanpLocal(blocks, 404, Locality.nanp("Atlanta", "GA", "30303", "33.749000", "-84.388000", "438"));
        nanpLocal(blocks, 415, Locality.nanp("San Francisco", "CA", "94103", "37.774900", "-122.419400", "722"));
        nanpLocal(blocks, 510, Locality.nanp("Oakland", "CA", "94612", "37.804400", "-122.271200", "722"));
        nanpLocal(blocks, 512, Locality.nanp("Austin", "TX", "78701", "30.267200", "-97.743100", "558"));
        nanpLocal(blocks, 617, Locality.nanp("Boston", "MA", "02108", "42.360100", "-71.058900", "128"));
        nanpLocal(blocks, 702, Locality.nanp("Las Vegas", "NV", "89101", "36.169900", "-115.139800", "721"));
        nanpLocal(blocks, 720, Locality.nanp("Denver", "CO", "80202", "39.739200", "-104.990300", "656"));
        nanpLocal(blocks, 808, Locality.nanp("Honolulu", "HI", "96813", "21.306900", "-157.858300", "834"));
        // The US and Canada share toll-free prefixes; each country gets its own half of the 555-01XX range.
        TOLL_FREE_PREFIXES.forEach(p -> blocks.add(new NumberBlock(NumberKind.TOLL_FREE, p, "+1" + p + "555",
                NANP_FIRST, NANP_BLOCK / 2, 4, Locality.none())));
        return new CountryPlan("US", blocks,
                Map.of(NumberKind.LOCAL, new Capabilities(true, true, true, true),
                        NumberKind.TOLL_FREE, new Capabilities(true, true, false, true)),
                Map.of(NumberKind.LOCAL, "none", NumberKind.TOLL_FREE, "none"),
                NumberPlans::nanpFriendlyName);
    }

    private static CountryPlan canada() {
        List<NumberBlock> blocks = new ArrayList<>();
        nanpLocal(blocks, 403, Locality.nanp("Calgary", "AB", "T2P", "51.044700", "-114.071900", null));
        nanpLocal(blocks, 416, Locality.nanp("Toronto", "ON", "M5H", "43.653200", "-79.383200", null));
        nanpLocal(blocks, 514, Locality.nanp("Montreal", "QC", "H2Y", "45.501700", "-73.567300", null));
        nanpLocal(blocks, 604, Locality.nanp("Vancouver", "BC", "V6B", "49.282700", "-123.120700", null));
        nanpLocal(blocks, 613, Locality.nanp("Ottawa", "ON", "K1P", "45.421500", "-75.697200", null));
        TOLL_FREE_PREFIXES.forEach(p -> blocks.add(new NumberBlock(NumberKind.TOLL_FREE, p, "+1" + p + "555",
                NANP_FIRST + NANP_BLOCK / 2, NANP_BLOCK / 2, 4, Locality.none())));
        return new CountryPlan("CA", blocks,
                Map.of(NumberKind.LOCAL, new Capabilities(true, true, true, true),
                        NumberKind.TOLL_FREE, new Capabilities(true, true, false, true)),
                Map.of(NumberKind.LOCAL, "none", NumberKind.TOLL_FREE, "none"),
                NumberPlans::nanpFriendlyName);
    }

    /** Ofcom's ranges for drama: 020 7946 0xxx, 0161 496 0xxx, 07700 900xxx and 08081 570xxx. */
    private static CountryPlan unitedKingdom() {
        List<NumberBlock> blocks = List.of(
                new NumberBlock(NumberKind.LOCAL, 20, "+44207946", 0, 100, 4,
                        Locality.elsewhere("London", "England")),
                new NumberBlock(NumberKind.LOCAL, 161, "+44161496", 0, 100, 4,
                        Locality.elsewhere("Manchester", "England")),
                new NumberBlock(NumberKind.MOBILE, 7700, "+447700900", 0, 100, 3, Locality.none()),
                new NumberBlock(NumberKind.TOLL_FREE, 808, "+448081570", 0, 100, 3, Locality.none()));
        return new CountryPlan("GB", blocks,
                Map.of(NumberKind.LOCAL, new Capabilities(true, false, false, false),
                        NumberKind.MOBILE, new Capabilities(true, true, false, false),
                        NumberKind.TOLL_FREE, new Capabilities(true, false, false, false)),
                Map.of(NumberKind.LOCAL, "any", NumberKind.MOBILE, "any", NumberKind.TOLL_FREE, "none"),
                e164 -> e164);
    }

    private static void nanpLocal(List<NumberBlock> blocks, int areaCode, Locality locality) {
        blocks.add(new NumberBlock(NumberKind.LOCAL, areaCode, "+1" + areaCode + "555", NANP_FIRST, NANP_BLOCK, 4,
                locality));
    }

    /** {@code +15105550100} becomes {@code (510) 555-0100}, as Twilio formats North American numbers. */
    private static String nanpFriendlyName(String e164) {
        String d = e164.substring(2);
        return "(" + d.substring(0, 3) + ") " + d.substring(3, 6) + "-" + d.substring(6);
    }
}
