package com.arkenos.livekit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The differences between the sandbox and the real server that stay, with their reasons, as listed in
 * local/livekit/DIFFERENCES.md: table rows whose first cell is a scenario name in backquotes.
 */
final class KnownDifferences {
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|(.*)\\|\\s*$");

    private KnownDifferences() {
    }

    /** Scenario name to reason. */
    static Map<String, String> read(Path file) {
        try {
            Map<String, String> known = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                Matcher m = ROW.matcher(line.strip());
                if (m.matches()) {
                    known.put(m.group(1), m.group(2).strip());
                }
            }
            return known;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
