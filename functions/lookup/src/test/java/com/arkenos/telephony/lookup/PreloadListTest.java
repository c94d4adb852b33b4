package com.arkenos.telephony.lookup;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lookup's SnapStart class list (META-INF/snapstart/preload-classes.txt) still names this code: a class of ours
 * renamed or removed since the list was made means the list is stale (regenerate it, CONTRIBUTING.md).
 */
class PreloadListTest {
    @Test
    void everyClassOfOursInTheList_stillExists() throws IOException {
        List<String> missing = new ArrayList<>();
        int ours = 0;
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("META-INF/snapstart/preload-classes.txt")) {
            assertNotNull(in, "the lookup jar has its class list");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (!name.startsWith("com.arkenos.")) {
                    continue;
                }
                ours++;
                try {
                    Class.forName(name, false, getClass().getClassLoader());
                } catch (ClassNotFoundException e) {
                    missing.add(name);
                }
            }
        }
        assertTrue(ours > 10, "the list names the lookup's own classes: " + ours);
        assertEquals(List.of(), missing, "classes in the list that no longer exist: regenerate it");
    }
}
