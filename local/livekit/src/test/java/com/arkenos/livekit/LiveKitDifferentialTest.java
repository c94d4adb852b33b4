package com.arkenos.livekit;

import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.livekitserver.RealLiveKitServer;
import com.arkenos.devkit.template.SamTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Differential conformance: every scenario of {@link Scenarios} through the product's own gateway
 * (SdkLiveKitGateway over the official Java SDK) against the LiveKit sandbox and against the real livekit-server,
 * comparing each step's outcome (success or failure, permanent or transient, Twirp code, HTTP status, the fields
 * the gateway reads). Prints a report and writes it to target/livekit-differential.md. Fails on a difference that
 * local/livekit/DIFFERENCES.md does not list, and on a listed one that no longer differs (so the list stays true).
 * Skipped, with the reason, when the real server is not installed (see {@link RealLiveKit}).
 */
class LiveKitDifferentialTest {
    private static final Path DIFFERENCES = SamTemplate.projectRoot().resolve("local/livekit/DIFFERENCES.md");
    private static final Path REPORT = Path.of("target/livekit-differential.md").toAbsolutePath();

    @RegisterExtension
    static final RealLiveKit REAL = new RealLiveKit();
    private static LiveKitSandbox sandbox;

    record Result(String scenario, List<Steps.Step> sandbox, List<Steps.Step> real) {
        boolean same() {
            return outcomes(sandbox).equals(outcomes(real));
        }

        /** The first step whose outcome differs, or -1. */
        int firstDifference() {
            for (int i = 0; i < Math.max(sandbox.size(), real.size()); i++) {
                if (i >= sandbox.size() || i >= real.size()
                        || !sandbox.get(i).outcome().equals(real.get(i).outcome())) {
                    return i;
                }
            }
            return -1;
        }

        private static List<String> outcomes(List<Steps.Step> steps) {
            return steps.stream().map(s -> s.label() + " => " + s.outcome()).toList();
        }
    }

    @BeforeAll
    static void startSandbox() {
        sandbox = LiveKitSandbox.start(0);
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void gatewaySeesTheSameOnSandboxAndRealServer() throws IOException {
        RealLiveKitServer server = REAL.server();
        Backend fake = new Backend("sandbox", sandbox.url(), sandbox.apiKey(), sandbox.apiSecret(), sandbox::reset);
        Backend[] holder = new Backend[1];
        Backend real = new Backend("real", server.url(), server.apiKey(), server.apiSecret(),
                () -> Backend.deleteEverything(holder[0].gateway(), holder[0].rooms()));
        holder[0] = real;

        List<Result> results = new ArrayList<>();
        for (Scenarios.Scenario scenario : Scenarios.all()) {
            results.add(new Result(scenario.name(), run(scenario, fake), run(scenario, real)));
        }
        Map<String, String> known = KnownDifferences.read(DIFFERENCES);
        String report = report(results, known, server);
        System.out.println(report);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, report);

        List<String> unlisted = results.stream().filter(r -> !r.same() && !known.containsKey(r.scenario()))
                .map(Result::scenario).toList();
        TreeSet<String> stale = new TreeSet<>(known.keySet());
        results.stream().filter(r -> !r.same()).map(Result::scenario).forEach(stale::remove);
        assertTrue(server.isAlive(), "livekit-server died during the run:\n" + server.logTail(40));
        if (!unlisted.isEmpty() || !stale.isEmpty()) {
            fail("differences not listed in " + DIFFERENCES + ": " + unlisted
                    + (stale.isEmpty() ? "" : "; listed there but no longer different (remove them): " + stale)
                    + "\nsee " + REPORT);
        }
    }

    private static List<Steps.Step> run(Scenarios.Scenario scenario, Backend backend) {
        backend.reset();
        Steps steps = new Steps(backend);
        scenario.body().accept(steps);
        return steps.steps();
    }

    static String report(List<Result> results, Map<String, String> known, RealLiveKitServer server) {
        long same = results.stream().filter(Result::same).count();
        long listed = results.stream().filter(r -> !r.same() && known.containsKey(r.scenario())).count();
        StringBuilder b = new StringBuilder();
        b.append("# LiveKit differential report\n\n")
                .append("The product's gateway (SdkLiveKitGateway) against the sandbox (local/devkit) and the real ")
                .append("livekit-server (").append(server.url()).append(", with Redis). ")
                .append(results.size()).append(" scenarios: ").append(same).append(" same, ")
                .append(results.size() - same).append(" different (").append(listed)
                .append(" listed in local/livekit/DIFFERENCES.md, ").append(results.size() - same - listed)
                .append(" not).\n\n")
                .append("Each cell is the first step whose outcome differs, or the scenario's last step when all ")
                .append("agree; the steps of every scenario follow the table.\n\n")
                .append("| scenario | sandbox | real | |\n|---|---|---|---|\n");
        for (Result r : results) {
            int i = r.firstDifference();
            int shown = i >= 0 ? i : r.sandbox().size() - 1;
            String verdict = r.same() ? "same"
                    : known.containsKey(r.scenario()) ? "different (listed)" : "**DIFFERENT**";
            b.append("| `").append(r.scenario()).append("` | ").append(cell(r.sandbox(), shown)).append(" | ")
                    .append(cell(r.real(), shown)).append(" | ").append(verdict).append(" |\n");
        }
        b.append("\n## Steps\n");
        for (Result r : results) {
            b.append("\n### ").append(r.scenario()).append(r.same() ? " (same)" : " (different)").append("\n\n");
            for (int i = 0; i < Math.max(r.sandbox().size(), r.real().size()); i++) {
                Steps.Step s = i < r.sandbox().size() ? r.sandbox().get(i) : null;
                Steps.Step q = i < r.real().size() ? r.real().get(i) : null;
                String label = s != null ? s.label() : q.label();
                boolean eq = s != null && q != null && s.outcome().equals(q.outcome());
                b.append("- ").append(label).append(eq ? ": " : " **differs**:\n  - sandbox: ")
                        .append(describe(s));
                if (!eq) {
                    b.append("\n  - real: ").append(describe(q));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static String cell(List<Steps.Step> steps, int i) {
        if (i < 0 || i >= steps.size()) {
            return "(no step)";
        }
        Steps.Step s = steps.get(i);
        return escape(s.label() + ": " + s.outcome());
    }

    private static String describe(Steps.Step s) {
        if (s == null) {
            return "(no step)";
        }
        return "`" + s.outcome() + "`" + (Objects.toString(s.message(), "").isEmpty() ? ""
                : " (" + s.message().replace('\n', ' ') + ")");
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
