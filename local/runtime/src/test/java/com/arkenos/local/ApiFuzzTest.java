package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * schemathesis (PyPI, pinned in local/fuzz/requirements.txt) fuzzes the local stack from the API's own OpenAPI
 * document, served at {@code /openapi.json}: a bounded number of generated requests per operation, every check it has
 * (no 5xx, answers that match the document's schemas, status codes and headers, schema-valid requests accepted and
 * invalid ones refused) except those local/fuzz/schemathesis.toml turns off with its reason. It installs itself into
 * a venv under target/; without python3 or PyPI the test is skipped with the reason.
 */
class ApiFuzzTest {
    private static final Path ROOT = SamTemplate.projectRoot();
    private static final Path VENV = ROOT.resolve("local/runtime/target/fuzz-venv");
    private static final int MAX_EXAMPLES = 20;
    private static final String SEED = "2";

    private static LocalRuntime runtime;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.create(SamTemplate.find(), new LocalRuntime.Options(0, "127.0.0.1", true, null)
                .withTimeScale(0.01).withProcessEnv(Map.of()));
        base = "http://127.0.0.1:" + runtime.serve("127.0.0.1", 0).port();
    }

    @AfterAll
    static void stop() {
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
                "run", base + "/openapi.json", "--url", base,
                "-H", "x-user-id: fuzz-user", "-H", "x-worker-key: " + Telephony.WORKER_KEY,
                "--max-examples", Integer.toString(MAX_EXAMPLES), "--seed", SEED, "--no-color",
                "--report", "junit", "--report-junit-path", report.toString());
        Run run = exec(command, 900);
        List<String> summary = run.output().lines()
                .filter(l -> l.contains("generated") || l.contains("passed") || l.contains("failed")
                        || l.contains("ST") && l.contains("❌") || l.startsWith("===="))
                .toList();
        summary.forEach(l -> System.out.println("schemathesis: " + l.strip()));
        assertEquals(0, run.exit(), "schemathesis found failures:\n" + run.output());
        assertTrue(run.output().contains(" passed"), run.output());
    }

    private record Run(int exit, String output) {}

    /** schemathesis in its own venv, installed once per target/ (pip's cache makes a re-install quick). */
    private static Path install() throws Exception {
        Path bin = VENV.resolve("bin/schemathesis");
        if (Files.isExecutable(bin)) {
            return bin;
        }
        Run venv = tryExec(List.of("python3", "-m", "venv", VENV.toString()), 120);
        Assumptions.assumeTrue(venv != null && venv.exit() == 0, "python3 with venv is not available: skipped");
        Run pip = exec(List.of(VENV.resolve("bin/pip").toString(), "install", "-q", "--disable-pip-version-check",
                "-r", ROOT.resolve("local/fuzz/requirements.txt").toString()), 600);
        Assumptions.assumeTrue(pip.exit() == 0 || !unreachable(pip.output()),
                "PyPI is not reachable: skipped\n" + pip.output());
        assertEquals(0, pip.exit(), "pip could not install local/fuzz/requirements.txt:\n" + pip.output());
        return bin;
    }

    private static boolean unreachable(String pipOutput) {
        return pipOutput.contains("Temporary failure in name resolution") || pipOutput.contains("Connection refused")
                || pipOutput.contains("Max retries exceeded") || pipOutput.contains("Network is unreachable");
    }

    private static Run tryExec(List<String> command, int seconds) {
        try {
            return exec(command, seconds);
        } catch (IOException e) {
            return null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Run exec(List<String> command, int seconds) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).directory(ROOT.toFile()).redirectErrorStream(true)
                .start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process went away
            }
        });
        reader.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5000);
            throw new AssertionError(command.get(0) + " did not finish in " + seconds + " s:\n" + out);
        }
        reader.join(5000);
        return new Run(p.exitValue(), out.toString());
    }
}
