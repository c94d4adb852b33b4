package com.arkenos.bench;

import com.arkenos.devkit.template.SamTemplate;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipFile;

/**
 * Cold starts of the deployed jars in fresh JVMs, each measured several times paired with a baseline run (the
 * pair's order alternating by round) so that a slow moment of the machine hits both; SnapStart priming
 * (first invocation with and without the beforeCheckpoint hook); classes loaded; jar sizes.
 */
final class ColdStartBench {
    static final String BASELINE = "Baseline";
    static final String BASELINE_HANDLER = "com.arkenos.bench.baseline.BaselineLookupHandler::handleRequest";
    /** The suffix of a target measured in the deployed shape (TLS endpoints, the worker key from its secret). */
    static final String DEPLOYED = "@tls+secret";

    private final Stack stack;
    private final Jvm jvm;
    private final Report report;
    private final int runs;
    private final SampleWorld world;
    private final Path work;
    private final List<Jvm.Target> targets = new ArrayList<>();
    private Jvm.Target baseline;
    /** Targets measured against a baseline of their own shape rather than {@link #baseline}. */
    private final Map<String, Jvm.Target> ownBaselines = new LinkedHashMap<>();
    private TlsEndpoints tls;

    ColdStartBench(Stack stack, Jvm jvm, Report report, int runs, Path work) {
        this.stack = stack;
        this.jvm = jvm;
        this.report = report;
        this.runs = runs;
        this.world = new SampleWorld(stack, report);
        this.work = work;
    }

    /**
     * @param only       functions to measure (all when empty)
     * @param candidates another jar to measure a function with, next to the built one (for trying a change out)
     */
    void prepare(List<String> only, Map<String, Path> candidates) throws Exception {
        world.create();
        Path root = stack.root;
        for (SamTemplate.FunctionDef f : stack.template.functions()) {
            if (!only.isEmpty() && !only.contains(f.logicalId())) {
                continue;
            }
            Path event = world.sampleEvent(f.logicalId(), work);
            if (event == null) {
                report.note("cold start", f.logicalId() + ": not measured, no sample event under events/"
                        + f.logicalId() + "/");
                continue;
            }
            targets.add(new Jvm.Target(f.logicalId(), f.handlerClass() + "::" + f.handlerMethod(),
                    privateCopy(root.resolve(f.codeUri())), event, lambdaEnv(f.logicalId(), f.handlerClass())));
            if (candidates.containsKey(f.logicalId())) {
                targets.add(new Jvm.Target(f.logicalId() + "@candidate", f.handlerClass() + "::" + f.handlerMethod(),
                        privateCopy(candidates.get(f.logicalId())), event, lambdaEnv(f.logicalId(), f.handlerClass())));
                report.note("cold start", f.logicalId() + "@candidate is " + candidates.get(f.logicalId()));
            }
        }
        Path baselineJar = root.resolve("local/bench/baseline/target/bench-baseline-1.0.0-SNAPSHOT-lambda.jar");
        Map<String, String> env = lambdaEnv("LookupFunction", BASELINE_HANDLER);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "BaselineLookup");
        baseline = new Jvm.Target(BASELINE, BASELINE_HANDLER, privateCopy(baselineJar),
                world.sampleEvent("LookupFunction", work), env);
        targets.stream().filter(t -> t.id().equals("LookupFunction")).findFirst().ifPresent(this::addDeployedLookup);
    }

    /**
     * The lookup as deployed (issue 17): DynamoDB and Secrets Manager over TLS, the worker key read from its
     * secret at init ({@link TlsEndpoints}), against the baseline doing the same (one secret read at init and
     * the key compared, then its GetItem) over the same endpoints.
     */
    private void addDeployedLookup(Jvm.Target lookup) {
        try {
            String workerKey = Stack.JSON.readTree(lookup.event().toFile()).path("headers").path("x-worker-key")
                    .asText();
            tls = TlsEndpoints.start(work, jvm.java(), URI.create(lookup.env().get("AWS_ENDPOINT_URL_DYNAMODB")),
                    workerKey);
        } catch (Exception e) {
            report.note("cold start", "LookupFunction" + DEPLOYED + ": not measured, its TLS endpoints did not start: "
                    + e.getMessage());
            return;
        }
        Jvm.Target shaped = deployed(lookup, lookup.id() + DEPLOYED);
        targets.add(targets.indexOf(lookup) + 1, shaped);
        ownBaselines.put(shaped.id(), deployed(baseline, BASELINE + DEPLOYED));
    }

    private Jvm.Target deployed(Jvm.Target t, String id) {
        Map<String, String> env = new TreeMap<>(t.env());
        env.remove("WORKER_KEY");
        env.putAll(tls.env());
        return new Jvm.Target(id, t.handler(), t.jar(), t.event(), env, tls.jvmArgs());
    }

    /** Stops the deployed shape's endpoints, if they were started. */
    void close() {
        if (tls != null) {
            tls.close();
        }
    }

    private final Map<Path, Path> copies = new LinkedHashMap<>();

    /**
     * The jar as it is now, copied aside: other builds on this machine may rewrite target/*.jar while the benchmark
     * runs, and a JVM started on a half-written jar measures nothing.
     */
    private Path privateCopy(Path jar) throws java.io.IOException {
        Path known = copies.get(jar);
        if (known != null) {
            return known;
        }
        if (!Files.isRegularFile(jar)) {
            throw new java.io.IOException(jar + " is missing: build it first (./stack package)");
        }
        Path copy = work.resolve("jars").resolve(copies.size() + "-" + jar.getFileName());
        Files.createDirectories(copy.getParent());
        Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        copies.put(jar, copy);
        return copy;
    }

    /** The variables Lambda sets, plus the function's own (template variables resolved to the local stack). */
    private Map<String, String> lambdaEnv(String functionId, String handler) {
        Map<String, String> env = new TreeMap<>(stack.environment(functionId));
        env.remove("JAVA_TOOL_OPTIONS"); // the flags are given on the command line, as the runtime does
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionId);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_DEFAULT_REGION", env.getOrDefault("AWS_REGION", "us-east-1"));
        env.put("_HANDLER", handler);
        return env;
    }

    private Jvm.Boot run(Jvm.Target t, boolean prime, Path classLog) throws Exception {
        world.restoreFor(t.event());
        return jvm.run(t, prime, classLog);
    }

    /** The baseline's and {@code t}'s cold start, in that order, run in the order {@code baselineFirst} says. */
    private Jvm.Boot[] pair(Jvm.Target t, boolean baselineFirst) throws Exception {
        Jvm.Target base = ownBaselines.getOrDefault(t.id(), baseline);
        if (baselineFirst) {
            Jvm.Boot b = run(base, false, null);
            return new Jvm.Boot[] {b, run(t, false, null)};
        }
        Jvm.Boot f = run(t, false, null);
        return new Jvm.Boot[] {run(base, false, null), f};
    }

    /** Cold start figures; returns the medians by function, for other sections. */
    void coldStarts() throws Exception {
        String section = "cold start (fresh JVM, " + String.join(" ", Jvm.LAMBDA_FLAGS) + ", " + runs + " runs each)";
        // Warm-up, not measured: DynamoDB Local and the sandboxes (in this JVM) get their first requests, and each
        // jar's loaded classes are counted on the way.
        Map<String, Jvm.ClassCount> classes = new LinkedHashMap<>();
        List<Jvm.Target> all = new ArrayList<>();
        all.add(baseline);
        all.addAll(targets);
        for (Jvm.Target t : all) {
            Path log = work.resolve("classes-" + t.id() + ".log");
            try {
                run(t, false, log);
                classes.put(t.id(), Jvm.countClasses(log));
            } catch (IllegalStateException e) {
                report.note(section,
                        t.id() + ": classes not counted: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        run(baseline, false, null);

        Map<String, List<Double>> fn = new LinkedHashMap<>();
        Map<String, List<Double>> base = new LinkedHashMap<>();
        Map<String, Jvm.Boot> lastBoot = new LinkedHashMap<>();
        List<Double> allBase = new ArrayList<>();
        java.util.Set<String> broken = new java.util.HashSet<>();
        for (int r = 0; r < runs; r++) {
            for (Jvm.Target t : targets) {
                if (broken.contains(t.id())) {
                    continue;
                }
                Jvm.Boot[] pair;
                // The pair's order alternates by round: whichever runs second finds the page cache and the CPU's
                // frequency as the first left them, and neither side is always the one that does.
                boolean baselineFirst = r % 2 == 0;
                try {
                    pair = pair(t, baselineFirst);
                } catch (IllegalStateException once) {
                    try {
                        pair = pair(t, baselineFirst);
                    } catch (IllegalStateException twice) {
                        broken.add(t.id());
                        report.note(section, t.id() + " failed twice and is left out: " + twice.getMessage()
                                .lines().findFirst().orElse(""));
                        continue;
                    }
                }
                Jvm.Boot b = pair[0];
                Jvm.Boot f = pair[1];
                base.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(b.totalMs());
                fn.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(f.totalMs());
                lastBoot.put(t.id(), f);
                if (ownBaselines.containsKey(t.id())) {
                    lastBoot.put(ownBaselines.get(t.id()).id(), b);
                } else {
                    allBase.add(b.totalMs());
                    lastBoot.put(BASELINE, b);
                }
            }
            System.err.printf("  cold start round %d/%d done%n", r + 1, runs);
        }
        report.add(section, "cold_start_ms.Baseline", Stats.median(allBase), "ms", null, null,
                "launch to answer; init " + fmt(lastBoot.get(BASELINE).initMs()) + " ms (JVM "
                        + fmt(lastBoot.get(BASELINE).jvmMs()) + "), first invoke "
                        + fmt(lastBoot.get(BASELINE).firstInvokeMs()) + " ms; answer "
                        + lastBoot.get(BASELINE).answer());
        ownBaselines.forEach((id, own) -> {
            if (base.containsKey(id)) {
                report.add(section, "cold_start_ms." + own.id(), Stats.median(base.get(id)), "ms", null, null,
                        "the baseline with its worker key read from the secret at init, over TLS; init "
                                + fmt(lastBoot.get(own.id()).initMs()) + " ms; answer "
                                + lastBoot.get(own.id()).answer());
            }
        });
        for (Jvm.Target t : targets) {
            if (broken.contains(t.id()) || !fn.containsKey(t.id())) {
                continue;
            }
            List<Double> f = fn.get(t.id());
            List<Double> b = base.get(t.id());
            double m = Stats.median(f);
            double bm = Stats.median(b);
            // Each function run is paired with the baseline run next to it: the median of those ratios is what
            // a slow minute of the machine cannot move (it slows both runs of a pair).
            List<Double> paired = new ArrayList<>();
            for (int i = 0; i < f.size(); i++) {
                paired.add(f.get(i) / b.get(i));
            }
            double ratio = Stats.median(paired);
            double limit = t.id().startsWith("LookupFunction") ? 1.2 : 2.0;
            Jvm.Boot last = lastBoot.get(t.id());
            report.add(section, "cold_start_ms." + t.id(), m, "ms", null, null,
                    "init " + fmt(last.initMs()) + " ms, first invoke " + fmt(last.firstInvokeMs()) + " ms; event "
                            + t.event().getFileName() + " -> " + last.answer());
            if (last.answer().startsWith("ERROR") || last.answer().startsWith("http5")) {
                report.note(section, t.id() + " did not answer its sample event properly (" + last.answer()
                        + "): its figure measures a failure path");
            }
            if (Math.abs(ratio - limit) <= 0.05 * limit) {
                report.note(section, t.id() + " is within 5 % of its limit (" + fmt(ratio) + "x vs " + limit
                        + "x; ratio of medians " + fmt(m / bm) + "x): on this machine runs differ by about that much,"
                        + " so the verdict can flip between runs");
            }
            String against = ownBaselines.containsKey(t.id()) ? ownBaselines.get(t.id()).id() : "baseline";
            report.add(section, "cold_start_ratio." + t.id(), ratio, "x", "<= " + limit + "x", ratio <= limit,
                    "median of " + f.size() + " paired ratios; ratio of medians " + fmt(m / bm) + " (" + against
                            + " median " + fmt(bm) + " ms in the same rounds)");
        }
        String cls = "classes loaded at cold start (init + 2 invocations, -Xlog:class+load)";
        classes.forEach((id, c) -> report.add(cls, "classes_loaded." + id, c.total(), "", null, null,
                "app jar " + c.app() + ", JDK " + (c.cds() + c.jdk()) + " (" + c.cds() + " from CDS), generated "
                        + c.generated()));
    }

    /** SnapStart: first invocation in a fresh JVM without and with the priming hook run first. */
    void snapStart() throws Exception {
        String section = "SnapStart priming (first invocation after init, fresh JVM, " + runs + " runs each)";
        List<String> noHook = new ArrayList<>();
        for (Jvm.Target t : targets) {
            if (t.id().endsWith(DEPLOYED)) {
                continue; // a cold-start figure only: its priming is the lookup's own, measured above
            }
            Class<?> type;
            try {
                type = Class.forName(t.handler().substring(0, t.handler().indexOf("::")));
            } catch (ClassNotFoundException e) {
                continue;
            }
            if (!org.crac.Resource.class.isAssignableFrom(type)) {
                noHook.add(t.id());
                continue;
            }
            List<Double> plain = new ArrayList<>();
            List<Double> primed = new ArrayList<>();
            List<Double> priming = new ArrayList<>();
            List<Double> warm = new ArrayList<>();
            String state = "";
            String answer = "";
            boolean failed = false;
            for (int r = 0; r < runs && !failed; r++) {
                Jvm.Boot a;
                Jvm.Boot b;
                try {
                    a = run(t, false, null);
                    b = run(t, true, null);
                } catch (IllegalStateException e) {
                    report.note(section, t.id() + " left out: " + e.getMessage().lines().findFirst().orElse(""));
                    failed = true;
                    continue;
                }
                plain.add(a.firstInvokeMs());
                primed.add(b.firstInvokeMs());
                priming.add(b.primeMs());
                warm.add(b.secondInvokeMs());
                state = b.prime();
                answer = b.answer();
            }
            if (failed) {
                continue;
            }
            double u = Stats.median(plain);
            double p = Stats.median(primed);
            report.add(section, "snapstart_first_invoke_ms.unprimed." + t.id(), u, "ms", null, null, "");
            report.add(section, "snapstart_first_invoke_ms.primed." + t.id(), p, "ms", null, null,
                    "hook " + state + ", answer " + answer);
            report.add(section, "snapstart_priming_ms." + t.id(), Stats.median(priming), "ms", null, null,
                    "spent in beforeCheckpoint, i.e. before the snapshot");
            report.add(section, "snapstart_second_invoke_ms." + t.id(), Stats.median(warm), "ms", null, null,
                    "second invocation of the primed JVM, for scale");
            report.add(section, "snapstart_saving_ratio." + t.id(), u / p, "x", null, null,
                    "unprimed / primed first invocation");
        }
        if (!noHook.isEmpty()) {
            report.note(section, "no priming hook (the handler is not an org.crac.Resource, so SnapStart restores it"
                    + " unprimed): " + String.join(", ", noHook));
        }
    }

    /** Sizes of the jars `sam deploy` uploads. */
    void sizes() throws Exception {
        String section = "package size (what sam deploy uploads)";
        Map<String, Path> jars = new LinkedHashMap<>();
        for (SamTemplate.FunctionDef f : stack.template.functions()) {
            Path jar = stack.root.resolve(f.codeUri());
            jars.putIfAbsent(jar.getFileName().toString().replace("-1.0.0-SNAPSHOT-lambda.zip", ""), jar);
        }
        jars.put("bench-baseline",
                stack.root.resolve("local/bench/baseline/target/bench-baseline-1.0.0-SNAPSHOT-lambda.jar"));
        for (Map.Entry<String, Path> e : jars.entrySet()) {
            if (!Files.isRegularFile(e.getValue())) {
                report.note(section, e.getKey() + ": " + e.getValue() + " is missing (run mvn package)");
                continue;
            }
            int entries;
            int classes = 0;
            try (ZipFile z = new ZipFile(e.getValue().toFile())) {
                entries = z.size();
                for (var it = z.entries(); it.hasMoreElements(); ) {
                    if (it.nextElement().getName().endsWith(".class")) {
                        classes++;
                    }
                }
            }
            long bytes = Files.size(e.getValue());
            String users = String.join(", ", stack.template.functions().stream()
                    .filter(f -> stack.root.resolve(f.codeUri()).equals(e.getValue()))
                    .map(SamTemplate.FunctionDef::logicalId).toList());
            report.add(section, "jar_bytes." + e.getKey(), bytes, "bytes", null, null,
                    String.format(java.util.Locale.ROOT, "%.1f MB, %d entries, %d classes%s", bytes / 1048576.0,
                            entries, classes, users.isEmpty() ? "" : "; used by " + abbreviate(users)));
        }
        for (SamTemplate.FunctionDef f : stack.template.functions()) {
            Path jar = stack.root.resolve(f.codeUri());
            if (Files.isRegularFile(jar)) {
                report.add(section, "package_bytes." + f.logicalId(), Files.size(jar), "bytes", null, null,
                        jar.getFileName().toString());
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 90 ? s.substring(0, 87) + "..." : s;
    }

    static String fmt(double v) {
        return Report.format(v);
    }
}
