package com.arkenos.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a handler in a fresh JVM the way the Lambda java21 runtime does (same JVM flags, the deployed jar as the
 * class path) through {@code LambdaBoot}, and reads back its timestamps.
 */
final class Jvm {
    /** The flags of the Lambda Java runtime (java17/java21 turn tiered compilation off at level 1 by default). */
    static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xshare:auto");
    private static final String BOOT_CLASS = "com.arkenos.bench.boot.LambdaBoot";

    /**
     * A function as deployed: its handler, its jar, a sample event, the environment it runs with, and JVM flags
     * beyond Lambda's (a trust store, for the deployed shape's TLS endpoints).
     */
    record Target(String id, String handler, Path jar, Path event, Map<String, String> env, List<String> jvmArgs) {
        Target(String id, String handler, Path jar, Path event, Map<String, String> env) {
            this(id, handler, jar, event, env, List.of());
        }
    }

    /** One cold start; nanoTime stamps (CLOCK_MONOTONIC, comparable across processes on Linux). */
    record Boot(long launch, long main, long init, long primed, long done, long again, String prime, String answer,
                String answer2) {
        double totalMs() {
            return (done - launch) / 1e6;
        }

        double jvmMs() {
            return (main - launch) / 1e6;
        }

        double initMs() {
            return (init - launch) / 1e6;
        }

        double primeMs() {
            return (primed - init) / 1e6;
        }

        double firstInvokeMs() {
            return (done - primed) / 1e6;
        }

        double secondInvokeMs() {
            return (again - done) / 1e6;
        }
    }

    private final Path java;
    private final Path bootDir;

    Jvm(Path java, Path bootDir) throws IOException {
        this.java = java;
        this.bootDir = bootDir;
        // The runner alone, outside the harness's class path (which holds the SDKs and a counting interceptor).
        Path cls = bootDir.resolve(BOOT_CLASS.replace('.', '/') + ".class");
        Files.createDirectories(cls.getParent());
        try (InputStream in = Jvm.class.getResourceAsStream("/" + BOOT_CLASS.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new IOException(BOOT_CLASS + " is not on the harness class path");
            }
            Files.write(cls, in.readAllBytes());
        }
    }

    Path java() {
        return java;
    }

    String version() {
        try {
            Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out.lines().skip(1).findFirst().orElse(out).strip();
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    /**
     * Starts {@code t} in a fresh JVM, lets it initialise and answer its event twice.
     *
     * @param prime    run the handler's SnapStart priming hook (beforeCheckpoint) before the first invocation
     * @param classLog where to log the loaded classes ({@code -Xlog:class+load}), or null
     */
    Boot run(Target t, boolean prime, Path classLog) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(LAMBDA_FLAGS);
        cmd.addAll(t.jvmArgs());
        if (classLog != null) {
            Files.deleteIfExists(classLog);
            // uptime and thread: which thread loaded what, and when (a background warm-up shows apart)
            cmd.add("-Xlog:class+load=info:file=" + classLog + ":uptime,tid,level,tags");
        }
        cmd.add("-cp");
        cmd.add(t.jar() + System.getProperty("path.separator") + bootDir);
        cmd.add(BOOT_CLASS);
        cmd.add(t.handler());
        cmd.add(t.event().toString());
        if (prime) {
            cmd.add("--prime");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        String path = env.getOrDefault("PATH", "/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.putAll(t.env());
        long launch = System.nanoTime();
        Process p = pb.start();
        Deque<String> tail = new ArrayDeque<>();
        String boot = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("@@BOOT ")) {
                    boot = line;
                } else {
                    tail.addLast(line);
                    if (tail.size() > 15) {
                        tail.removeFirst();
                    }
                }
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (boot == null) {
            throw new IllegalStateException(t.id() + " did not answer (exit " + p.exitValue() + "):\n  "
                    + String.join("\n  ", tail));
        }
        Map<String, String> f = new HashMap<>();
        for (String kv : boot.substring(7).split(" ")) {
            int eq = kv.indexOf('=');
            f.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new Boot(launch, Long.parseLong(f.get("main")), Long.parseLong(f.get("init")),
                Long.parseLong(f.get("primed")), Long.parseLong(f.get("done")), Long.parseLong(f.get("again")),
                f.get("prime"), f.get("answer"), f.get("answer2"));
    }

    /** Classes in a {@code -Xlog:class+load} file: total, from the CDS archive, other JDK, application jar. */
    record ClassCount(int total, int cds, int jdk, int app, int generated) {}

    static ClassCount countClasses(Path log) throws IOException {
        int total = 0;
        int cds = 0;
        int jdk = 0;
        int app = 0;
        int generated = 0;
        for (String line : Files.readAllLines(log)) {
            if (!line.contains("[class,load]")) {
                continue;
            }
            total++;
            if (line.contains("source: shared objects file")) {
                cds++;
            } else if (line.contains("source: jrt:/")) {
                jdk++;
            } else if (line.contains("source: file:") || line.contains("source: jar:")) {
                app++;
            } else {
                generated++;
            }
        }
        return new ClassCount(total, cds, jdk, app, generated);
    }
}
