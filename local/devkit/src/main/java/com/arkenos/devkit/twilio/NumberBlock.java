package com.arkenos.devkit.twilio;

import java.util.List;
import java.util.stream.IntStream;

/**
 * A run of consecutive numbers: {@code prefix} followed by {@code width} digits counting up from {@code first}.
 * The sandbox only stocks numbers reserved for fiction (NANP 555-01XX, Ofcom's drama ranges), so nothing it hands
 * out can ring a real person.
 */
record NumberBlock(NumberKind kind, int areaCode, String prefix, int first, int count, int width, Locality locality) {

    List<String> numbers() {
        return IntStream.range(first, first + count)
                .mapToObj(n -> prefix + String.format("%0" + width + "d", n))
                .toList();
    }

    boolean contains(String e164) {
        if (!e164.startsWith(prefix) || e164.length() != prefix.length() + width) {
            return false;
        }
        String tail = e164.substring(prefix.length());
        if (!tail.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int n = Integer.parseInt(tail);
        return n >= first && n < first + count;
    }
}
