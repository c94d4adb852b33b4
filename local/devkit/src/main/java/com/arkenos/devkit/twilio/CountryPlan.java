package com.arkenos.devkit.twilio;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** One country's stock: its blocks, and what numbers of each kind can do and require. */
final class CountryPlan {
    private final String isoCountry;
    private final List<NumberBlock> blocks;
    private final Map<NumberKind, Capabilities> capabilities;
    private final Map<NumberKind, String> addressRequirements;
    private final Function<String, String> friendlyName;

    CountryPlan(String isoCountry, List<NumberBlock> blocks, Map<NumberKind, Capabilities> capabilities,
                Map<NumberKind, String> addressRequirements, Function<String, String> friendlyName) {
        this.isoCountry = isoCountry;
        this.blocks = List.copyOf(blocks);
        this.capabilities = Map.copyOf(capabilities);
        this.addressRequirements = Map.copyOf(addressRequirements);
        this.friendlyName = friendlyName;
    }

    String isoCountry() {
        return isoCountry;
    }

    /** Twilio answers 404 for a number type a country does not sell (for example Mobile in the US). */
    boolean offers(NumberKind kind) {
        return capabilities.containsKey(kind);
    }

    /** Every number of {@code kind}, in a stable order; {@code areaCode} null means every area. */
    List<PoolNumber> numbers(NumberKind kind, Integer areaCode) {
        return blocks.stream()
                .filter(b -> b.kind() == kind && (areaCode == null || b.areaCode() == areaCode))
                .flatMap(b -> b.numbers().stream().map(n -> toPoolNumber(b, n)))
                .toList();
    }

    Optional<PoolNumber> lookup(String e164) {
        return blocks.stream().filter(b -> b.contains(e164)).findFirst().map(b -> toPoolNumber(b, e164));
    }

    private PoolNumber toPoolNumber(NumberBlock block, String e164) {
        return new PoolNumber(e164, friendlyName.apply(e164), isoCountry, block.kind(), block.locality(),
                addressRequirements.get(block.kind()), capabilities.get(block.kind()));
    }
}
