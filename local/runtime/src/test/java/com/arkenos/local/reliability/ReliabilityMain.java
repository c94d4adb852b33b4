package com.arkenos.local.reliability;

import com.arkenos.telephony.core.log.Log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code ./stack reliability [AREA...]}: the same suite as {@link ReliabilityTest}, run alone, printing only its report
 * (what the stacks print while it runs goes to {@code local/runtime/target/reliability-run.log}). Exits 1 when a case
 * failed. Areas: faultMatrix, crashRecovery, concurrency, hostileInput, tenantIsolation, secrets (default: all).
 */
public final class ReliabilityMain {
    private ReliabilityMain() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        Path dir = Files.isDirectory(Path.of("local", "runtime", "target")) ? Path.of("local", "runtime", "target")
                : Path.of("target");
        Files.createDirectories(dir);
        List<String> only = Arrays.asList(args);
        int failed;
        try (PrintStream log =
                new PrintStream(new FileOutputStream(dir.resolve("reliability-run.log").toFile()), true)) {
            System.setOut(log);
            System.setErr(log);
            Log.stdout(false);
            err.println("starting " + Lanes.defaultCount() + " local stacks...");
            Suite.start();
            for (Map.Entry<String, Function<Lanes, Report.Section>> area : Suite.AREAS) {
                if (!only.isEmpty() && !only.contains(area.getKey())) {
                    continue;
                }
                err.println("running " + area.getKey() + "...");
                Report.Section s = Suite.run(area.getValue());
                err.printf("  %s: %d passed, %d failed, %d skipped (%.1f s)%n", area.getKey(),
                        s.count(Report.Outcome.PASS), s.count(Report.Outcome.FAIL), s.count(Report.Outcome.SKIP),
                        s.millis / 1000.0);
            }
            String report = Suite.finish(dir);
            failed = (int) Suite.report().total(Report.Outcome.FAIL);
            Suite.stop();
            out.println(report);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
