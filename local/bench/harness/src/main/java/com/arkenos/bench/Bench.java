package com.arkenos.bench;

import com.arkenos.telephony.core.log.Log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The performance figures of issue 7, each measured in one run against a baseline of the same run:
 *
 * <pre>
 *   ./stack bench [--only cold,snapstart,warm,calls,size,build] [--runs 7] [--warm 10000] [--build]
 *                 [--functions LookupFunction,GetAgentFunction] [--java /path/to/java] [--no-results]
 *                 [--candidate LookupFunction=/path/to/another/lookup-lambda.jar]
 * </pre>
 *
 * Prints a table per section and a {@code BENCH name=value} line per figure, and writes local/bench/RESULTS.md.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] argv) throws Exception {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        Set<String> sections = Set.of("cold", "snapstart", "warm", "calls", "size");
        int runs = 7;
        int warm = 10_000;
        boolean build = false;
        boolean results = true;
        List<String> functions = List.of();
        java.util.Map<String, Path> candidates = new java.util.LinkedHashMap<>();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--only" -> sections = Set.of(args.get(++i).split(","));
                case "--runs" -> runs = Integer.parseInt(args.get(++i));
                case "--warm" -> warm = Integer.parseInt(args.get(++i));
                case "--build" -> build = true;
                case "--no-results" -> results = false;
                case "--functions" -> functions = List.of(args.get(++i).split(","));
                case "--java" -> java = Path.of(args.get(++i));
                case "--candidate" -> {
                    String[] kv = args.get(++i).split("=", 2);
                    candidates.put(kv[0], Path.of(kv[1]).toAbsolutePath());
                }
                case "-h", "--help" -> {
                    System.out.println("usage: ./stack bench [--only cold,snapstart,warm,calls,size,build] [--runs N]"
                            + " [--warm N] [--build] [--functions A,B] [--java PATH] [--no-results]"
                            + " [--candidate FunctionId=path/to/other-lambda.jar]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        if (build) {
            sections = new java.util.HashSet<>(sections);
            sections.add("build");
        }
        Log.stdout(false);
        Report report = new Report();
        Instant started = Instant.now();
        String command = "./stack bench" + (argv.length == 0 ? "" : " " + String.join(" ", argv));
        Path root = com.arkenos.devkit.template.SamTemplate.projectRoot();
        Path work = root.resolve("local/bench/harness/target/bench");
        Files.createDirectories(work);
        Jvm jvm = new Jvm(java, work.resolve("boot"));
        try (Stack stack = Stack.start()) {
            System.err.println("bench: stack ready; sections " + sections + "; java " + jvm.version());
            ColdStartBench cold = new ColdStartBench(stack, jvm, report, runs, work);
            List<String> only = functions;
            boolean prepared = !(sections.contains("cold") || sections.contains("snapstart"))
                    || section(report, "cold start", () -> cold.prepare(only, candidates));
            if (sections.contains("cold") && prepared) {
                System.err.println("bench: cold starts...");
                section(report, "cold start", cold::coldStarts);
            }
            if (sections.contains("snapstart") && prepared) {
                System.err.println("bench: SnapStart priming...");
                section(report, "SnapStart", cold::snapStart);
            }
            if (sections.contains("warm")) {
                System.err.println("bench: warm lookup...");
                int n = warm;
                section(report, "warm lookup", () -> new WarmLookupBench(stack, report, n).run());
            }
            if (sections.contains("calls")) {
                System.err.println("bench: calls per operation...");
                section(report, "calls per operation", () -> new CallsBench(stack, report).run());
            }
            if (sections.contains("size")) {
                section(report, "package size", cold::sizes);
            }
            cold.close();
        }
        if (sections.contains("build")) {
            System.err.println("bench: timing ./stack test (mvn -B -ntp verify)...");
            buildTime(root, report, work);
        } else {
            report.add("build", "build_verify_seconds", "not_measured", "s", null, null,
                    "run `./stack bench --only build` (times `./stack test`, i.e. mvn -B -ntp verify)");
        }
        System.out.println(report.table());
        long met = report.figures().stream().filter(f -> f.verdict().equals("met")).count();
        long missed = report.figures().stream().filter(f -> f.verdict().equals("NOT met")).count();
        System.out.println("BENCH targets_met=" + met + "/" + (met + missed));
        report.figures().stream().filter(f -> f.verdict().equals("NOT met"))
                .forEach(f -> System.out.println(
                        "target NOT met: " + f.name() + " = " + f.value() + " (" + f.target() + ")"));
        if (results) {
            String header = "Run of " + started.truncatedTo(ChronoUnit.SECONDS) + " on " + Runtime.getRuntime()
                    .availableProcessors() + " cores; child JVMs: " + jvm.java() + " (" + jvm.version()
                    + "); harness JVM " + System.getProperty("java.version") + ".\n";
            Path file = root.resolve("local/bench/RESULTS.md");
            report.writeMarkdown(file, command, header);
            System.err.println("bench: wrote " + file);
        }
        // The local runtime leaves non-daemon threads behind.
        System.exit(0);
    }

    @FunctionalInterface
    private interface Section {
        void run() throws Exception;
    }

    /** Runs one section; a failure is reported (and the other sections still run). */
    private static boolean section(Report report, String name, Section work) {
        try {
            work.run();
            return true;
        } catch (Exception | AssertionError e) {
            System.err.println("bench: " + name + " failed: " + e);
            e.printStackTrace();
            report.note(name, "FAILED: " + e);
            report.add(name, "section_failed." + name.replace(' ', '_'), "yes", "", null, null, String.valueOf(e));
            return false;
        }
    }

    private static void buildTime(Path root, Report report, Path work) throws IOException, InterruptedException {
        Path log = work.resolve("verify.log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(root.resolve("stack").toString(), "test").directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(60, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!finished) {
            p.destroyForcibly();
        }
        int exit = finished ? p.exitValue() : -1;
        // Each module prints a summary line "Tests run: N, Failures: F, Errors: E, Skipped: S": add them up.
        long[] sums = new long[4];
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                "Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)$");
        for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            java.util.regex.Matcher m = line.matcher(l.strip());
            if (m.find() && !l.contains(" -- in ")) {
                for (int i = 0; i < 4; i++) {
                    sums[i] += Long.parseLong(m.group(i + 1));
                }
            }
        }
        report.add("build", "build_verify_seconds", seconds, "s", null, null, "`./stack test` exit " + exit + "; tests "
                + sums[0] + ", failures " + sums[1] + ", errors " + sums[2] + ", skipped " + sums[3] + "; log "
                + root.relativize(log));
    }
}
