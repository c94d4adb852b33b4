package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.telephony.priming.Tape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The priming tapes in the function modules are what recording them now gives: the same tapes, and in each the same
 * environment, sample events and requests (service, method, path, target) with the same answer statuses. A change
 * that alters what a function asks its services fails here until {@code ./stack priming-tapes} records them again.
 */
class PrimingTapesTest {
    /** A Twilio resource id in a path: two letters and 32 hex digits. */
    private static final java.util.regex.Pattern SID = java.util.regex.Pattern.compile("\\b([A-Z]{2})[0-9a-f]{32}\\b");
    private static List<PrimingTapes.Recorded> recorded;

    @BeforeAll
    static void record() throws Exception {
        LocalRuntime runtime = TestStack.runtime();
        TestStack.reset();
        SampleWorld world = new SampleWorld(runtime, SamTemplate.projectRoot().resolve("events"));
        world.create();
        world.saveTables();
        recorded = new PrimingTapes(runtime, world, SamTemplate.projectRoot()).recordAll();
    }

    @Test
    void theCommittedTapes_areTheOnesRecordingGivesNow() throws Exception {
        assertFalse(recorded.isEmpty());
        Set<Path> expected = new TreeSet<>();
        recorded.forEach(r -> expected.add(r.file()));
        Set<Path> committed = new TreeSet<>();
        Path root = SamTemplate.projectRoot();
        try (Stream<Path> s = Files.walk(root.resolve("functions"), 6)) {
            s.filter(p -> p.getParent().endsWith(Path.of("src/main/resources/priming"))).forEach(committed::add);
        }
        assertEquals(expected, committed, "tapes to record or delete: ./stack priming-tapes");
        for (PrimingTapes.Recorded r : recorded) {
            Tape kept = Tape.read(Files.readAllBytes(r.file()));
            assertEquals(shape(r.tape()), shape(kept), r.file() + " wants recording again: ./stack priming-tapes");
        }
    }

    /** What must not change between two recordings: not the times, ids and bodies the answers carry. */
    private static List<String> shape(Tape tape) {
        List<String> lines = new ArrayList<>();
        lines.add("handler " + tape.handler());
        lines.add("env " + new java.util.TreeMap<>(tape.env()));
        for (Tape.Invocation i : tape.invocations()) {
            lines.add("event -> " + i.status());
            for (Tape.Exchange x : i.exchanges()) {
                // A sandbox's ids depend on what it made before in the JVM; the tape's own answers carry them.
                lines.add("  " + x.service() + " " + x.method() + " " + SID.matcher(x.path()).replaceAll("$1<sid>")
                        + " " + x.target() + " -> " + x.status());
            }
        }
        return lines;
    }
}
