package com.arkenos.local.reliability;

import com.arkenos.telephony.core.log.Log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The reliability suite's state in this JVM: the lanes, the report, and the secrets scanner. Used by the JUnit
 * class (part of {@code mvn verify}) and by {@link ReliabilityMain} ({@code ./stack reliability}) alike, so both run
 * exactly the same cases.
 */
final class Suite {
    private static Lanes lanes;
    private static Report report;
    private static Seed seed;

    /** The areas, in the order they run (secrets last: it reads what the others caused). */
    static final List<Map.Entry<String, Function<Lanes, Report.Section>>> AREAS = List.of(
            Map.entry("faultMatrix", l -> new FaultMatrix(l).run()),
            Map.entry("crashRecovery", l -> new CrashRecovery(l).run()),
            Map.entry("concurrency", l -> new Concurrency(l).run()),
            Map.entry("safeToDeploy", l -> new SafeToDeploy(l).run()),
            Map.entry("hostileInput", l -> new HostileInput(seed(l)).run()),
            Map.entry("tenantIsolation", l -> new TenantIsolation(seed(l)).run()),
            Map.entry("secrets", l -> new Secrets(l, seed(l)).run()));

    static Function<Lanes, Report.Section> area(String name) {
        return AREAS.stream().filter(e -> e.getKey().equals(name)).findFirst().orElseThrow().getValue();
    }

    /** Two owners' agents, numbers and calls on the first lane, made once the areas that reset it are done. */
    static synchronized Seed seed(Lanes l) {
        if (seed == null) {
            seed = new Seed(l.world(0));
        }
        return seed;
    }

    private Suite() {
    }

    static synchronized void start() {
        if (lanes == null) {
            Needles.install();
            report = new Report();
            lanes = Lanes.start(Lanes.defaultCount());
            Runtime.getRuntime().addShutdownHook(new Thread(Suite::stop));
        }
    }

    static synchronized Report.Section run(Function<Lanes, Report.Section> area) {
        start();
        Report.Section s;
        long t0 = System.nanoTime();
        try {
            s = area.apply(lanes);
        } catch (RuntimeException e) {
            s = new Report.Section("error", "An area did not run");
            s.fail("area", String.valueOf(e));
            e.printStackTrace();
        }
        if (s.millis == 0) {
            s.millis = (System.nanoTime() - t0) / 1_000_000;
        }
        report.add(s);
        return s;
    }

    static synchronized Report report() {
        return report;
    }

    /** Writes the report to {@code dir/reliability-report.md} and returns it. */
    static synchronized String finish(Path dir) {
        String text = report.render();
        try {
            if (Files.isDirectory(dir)) {
                Files.writeString(dir.resolve("reliability-report.md"), text);
            }
        } catch (IOException e) {
            // the printed report is what counts
        }
        return text;
    }

    /**
     * Closes the stacks (their Node engines and DynamoDB Locals), so the tests that run after this suite get the
     * machine.
     */
    static synchronized void stop() {
        if (lanes != null) {
            Needles.uninstall();
            Log.stdout(true);
            lanes.close();
            lanes = null;
            seed = null;
        }
    }
}
