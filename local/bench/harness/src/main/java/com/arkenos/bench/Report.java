package com.arkenos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run: printed as a table per section, as {@code BENCH name=value} lines for scripts, and
 * written to RESULTS.md.
 */
final class Report {
    /** One figure; {@code verdict} is "met", "NOT met" or empty when the figure has no target. */
    record Figure(String section, String name, String value, String unit, String target, String verdict,
                  String note) {}

    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();

    Figure add(String section, String name, Object value, String unit, String target, Boolean met, String note) {
        Figure f = new Figure(section, name, format(value), unit == null ? "" : unit, target == null ? "" : target,
                met == null ? "" : met ? "met" : "NOT met", note == null ? "" : note);
        figures.add(f);
        System.out.println("BENCH " + f.name() + "=" + f.value());
        return f;
    }

    void note(String section, String text) {
        notes.computeIfAbsent(section, k -> new ArrayList<>()).add(text);
    }

    List<Figure> figures() {
        return figures;
    }

    static String format(Object v) {
        if (v instanceof Double d) {
            if (d.isNaN()) {
                return "n/a";
            }
            return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%.0f", d)
                    : Math.abs(d) >= 10 ? String.format(Locale.ROOT, "%.1f", d)
                    : String.format(Locale.ROOT, "%.2f", d);
        }
        return String.valueOf(v);
    }

    /** The table, section by section. */
    String table() {
        StringBuilder b = new StringBuilder();
        String section = null;
        int w = figures.stream().mapToInt(f -> f.name().length()).max().orElse(10);
        for (Figure f : figures) {
            if (!f.section().equals(section)) {
                section = f.section();
                b.append('\n').append("== ").append(section).append(" ==\n");
            }
            b.append(String.format(Locale.ROOT, "  %-" + w + "s  %12s %-6s  %-14s %-8s %s%n", f.name(), f.value(),
                    f.unit(), f.target(), f.verdict(), f.note()));
        }
        notes.forEach((s, list) -> {
            b.append('\n').append("notes (").append(s).append("):\n");
            list.forEach(n -> b.append("  - ").append(n).append('\n'));
        });
        return b.toString();
    }

    static final String METHOD = """
            ## Method

            - **Cold start**: the jar each function deploys (its `CodeUri`) in a fresh JVM with the Lambda java21
              runtime's flags, started by a minimal stand-in for the Lambda runtime (`LambdaBoot`: load the handler \
            class,
              construct it, invoke it with its sample event `events/<FunctionId>/<file>`), with the environment the
              template gives the function, pointed at the local stack the harness runs (DynamoDB Local, local Step
              Functions, Twilio and LiveKit sandboxes; the data the sample events name is created through the real flow
              and put back before every start). Time = JVM launch to the first answer. Each round runs baseline,
              function, baseline, function...; the ratio is the median of the per-pair ratios (a busy moment of the
              machine slows both runs of a pair), the ratio of medians is given beside it.
            - **Baseline**: `local/bench/baseline` `BaselineLookupHandler`, the two consistent GetItems of the lookup \
            with
              the plain AWS SDK (DynamoDbClient, URLConnection HTTP client, environment credentials), no JSON library,
              packaged with the same shade configuration as `functions/lookup`.
            - **SnapStart**: the same fresh JVMs; with priming, the handler's `beforeCheckpoint` hook (what SnapStart \
            runs
              before the snapshot) runs between init and the first invocation. Priming uses stand-ins only (a loopback
              stand-in AWS endpoint inside the JVM); nothing reaches DynamoDB.
            - **Warm lookup**: the lookup handler in process vs the same two GetItems with a bare SDK client, \
            alternating
              request by request, after a warm-up; both against DynamoDB Local.
            - **Calls per operation**: the local runtime (in-memory DynamoDB Local); AWS calls counted by an SDK
              `ExecutionInterceptor` loaded from the harness's class path, Twilio and LiveKit requests by the sandboxes'
              `FaultPlan` counters, state transitions from `DescribeExecution` of the execution the operation started;
              counted until the stack is quiet (state machine, asynchronous dial, webhooks).
            """;

    void writeMarkdown(Path file, String command, String header) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# Benchmark results\n\n");
        b.append("Produced by `").append(command).append("` (see the end of this file for how to run it).\n\n");
        b.append(header).append('\n');
        b.append("\n## Targets\n\n| figure | value | target | verdict |\n|---|---:|---|---|\n");
        for (Figure f : figures) {
            if (!f.verdict().isEmpty()) {
                b.append("| `").append(f.name()).append("` | ").append(f.value()).append(' ').append(f.unit())
                        .append(" | ").append(f.target()).append(" | ").append(f.verdict()).append(" |\n");
            }
        }
        String section = null;
        for (Figure f : figures) {
            if (!f.section().equals(section)) {
                section = f.section();
                b.append("\n## ").append(section).append("\n\n");
                b.append("| figure | value | unit | target | verdict | note |\n|---|---:|---|---|---|---|\n");
            }
            b.append("| `").append(f.name()).append("` | ").append(f.value()).append(" | ").append(f.unit())
                    .append(" | ").append(f.target()).append(" | ").append(f.verdict()).append(" | ")
                    .append(f.note().replace("|", "\\|")).append(" |\n");
        }
        b.append('\n').append(METHOD);
        if (!notes.isEmpty()) {
            b.append("\n## Notes\n\n");
            notes.forEach((s, list) -> list.forEach(n -> b.append("- ").append(s).append(": ").append(n).append('\n')));
        }
        b.append("\n## How to run\n\n```\n"
                + "./stack bench                 # everything but the build timing (several minutes)\n")
                .append("./stack bench --build         # also times `./stack test` (mvn -B -ntp verify) at the end\n")
                .append("./stack bench --only cold,calls --runs 7   # sections: cold,snapstart,warm,calls,size,build\n"
                        + "```\n")
                .append("\nEvery `BENCH name=value` line of the output is one figure of the tables above.\n");
        Files.createDirectories(file.getParent());
        Files.writeString(file, b.toString());
    }
}
