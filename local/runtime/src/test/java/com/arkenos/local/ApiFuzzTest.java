package com.arkenos.local;

import com.arkenos.devkit.clients.ClientProcess;
import com.arkenos.devkit.template.SamTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * schemathesis (PyPI, pinned in local/fuzz/requirements.txt) fuzzes the local stack from the API's own OpenAPI
 * document, served at {@code /openapi.json}: a bounded number of generated requests per operation, every check it has
 * (no 5xx, answers that match the document's schemas, status codes and headers, schema-valid requests accepted and
 * invalid ones refused) except those local/fuzz/schemathesis.toml turns off with its reason. Its requests go through
 * a {@link RefusalGuard}, which requires that no refused (4xx) request changed a DynamoDB item or made a provider
 * write. It installs itself into a venv under target/; without python3 or PyPI the test is skipped with the reason.
 */
class ApiFuzzTest {
    private static final Path ROOT = SamTemplate.projectRoot();
    private static final Path VENV = ROOT.resolve("local/runtime/target/fuzz-venv");
    private static final int MAX_EXAMPLES = 20;
    private static final String SEED = "2";

    private static LocalRuntime runtime;
    private static String base;
    private static RefusalGuard guard;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.create(SamTemplate.find(), new LocalRuntime.Options(0, "127.0.0.1", true, null)
                .withTimeScale(0.01).withProcessEnv(Map.of()));
        base = "http://127.0.0.1:" + runtime.serve("127.0.0.1", 0).port();
        guard = new RefusalGuard(runtime, base);
    }

    @AfterAll
    static void stop() {
        if (guard != null) {
            guard.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void schemathesis_findsNothingAgainstTheOpenApiDocument() throws Exception {
        Path schemathesis = install();
        Path report = ROOT.resolve("local/runtime/target/schemathesis-junit.xml");
        List<String> command = List.of(schemathesis.toString(),
                "--config-file", ROOT.resolve("local/fuzz/schemathesis.toml").toString(),
                "run", base + "/openapi.json", "--url", guard.base(),
                "-H", "x-user-id: fuzz-user", "-H", "x-worker-key: " + Telephony.WORKER_KEY,
                "--max-examples", Integer.toString(MAX_EXAMPLES), "--seed", SEED, "--no-color",
                "--report", "junit", "--report-junit-path", report.toString());
        ClientProcess run = ClientProcess.run(command, target(), Map.of(), Duration.ofSeconds(900));
        List<String> summary = run.output().lines()
                .filter(l -> l.contains("generated") || l.contains("passed") || l.contains("failed")
                        || l.contains("ST") && l.contains("❌") || l.startsWith("===="))
                .toList();
        summary.forEach(l -> System.out.println("schemathesis: " + l.strip()));
        System.out.println("schemathesis: " + guard.forwarded() + " requests, " + guard.refused()
                + " refused (4xx), " + guard.changes().size() + " of them changed state");
        assertEquals(0, run.exitCode(), "schemathesis found failures:\n" + run.output());
        assertTrue(run.output().contains(" passed"), run.output());
        assertTrue(guard.refused() > 100, "the fuzzer's refused requests were checked: " + guard.refused());
        assertEquals(List.of(), guard.changes(), "refused requests that changed state");
    }

    /** Run in target/: schemathesis keeps its cache (.schemathesis/) in the working directory. */
    private static Path target() throws IOException {
        return Files.createDirectories(ROOT.resolve("local/runtime/target"));
    }

    /** schemathesis in its own venv, installed once per target/ (pip's cache makes a re-install quick). */
    private static Path install() throws Exception {
        Path bin = VENV.resolve("bin/schemathesis");
        if (Files.isExecutable(bin)) {
            return bin;
        }
        Assumptions.assumeTrue(ClientProcess.available("python3"), "python3 is not installed: skipped");
        ClientProcess venv = ClientProcess.run(List.of("python3", "-m", "venv", VENV.toString()), target(), Map.of(),
                Duration.ofSeconds(120));
        assertEquals(0, venv.exitCode(), "python3 -m venv failed:\n" + venv.tail());
        ClientProcess pip = ClientProcess.run(List.of(VENV.resolve("bin/pip").toString(), "install", "-q",
                "--disable-pip-version-check", "-r", ROOT.resolve("local/fuzz/requirements.txt").toString()), target(),
                Map.of(), Duration.ofSeconds(600));
        Assumptions.assumeFalse(pip.registryUnreachable(), "PyPI is not reachable: skipped\n" + pip.tail());
        assertEquals(0, pip.exitCode(), "pip could not install local/fuzz/requirements.txt:\n" + pip.tail());
        return bin;
    }
}
