package com.arkenos.devkit.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.devkit.twilio.TwilioSandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Twilio sandbox driven by Twilio's own SDKs, npm {@code twilio} 6.x and PyPI {@code twilio} 9.x, over every
 * operation the Java gateway uses (local/clients/twilio-node/check.js, local/clients/twilio-python/check.py).
 * Without node/npm or python3, or when their registry cannot be reached, the test is skipped and says why.
 * Installs are kept while the pinned lock or requirements file is unchanged.
 */
class OfficialTwilioClientsTest {
    private static final Path CLIENTS = SamTemplate.projectRoot().resolve("local/clients");
    private static final Path WORK = Path.of("target/clients").toAbsolutePath();
    private static final Duration INSTALL = Duration.ofMinutes(5);
    private static final Duration CHECK = Duration.ofMinutes(2);
    /** Scenarios each check defines; a check that silently ran fewer would otherwise still pass. */
    private static final int NODE_SCENARIOS = 19;
    private static final int PYTHON_SCENARIOS = 17;

    @Test
    void nodeSdk_passesEveryScenario() throws Exception {
        Path dir = CLIENTS.resolve("twilio-node");
        assumeTrue(ClientProcess.available("node") && ClientProcess.available("npm"), "node or npm is not installed");
        Path stamp = dir.resolve("node_modules/.arkenos-lock.sha256");
        String lock = sha256(dir.resolve("package-lock.json"));
        if (!stampMatches(stamp, lock)) {
            ClientProcess install = ClientProcess.run(List.of("npm", "ci", "--no-audit", "--no-fund"), dir, Map.of(),
                    INSTALL);
            skipWhenUnreachable(install, "npm registry");
            assertEquals(0, install.exitCode(), "npm ci failed:\n" + install.tail());
            Files.writeString(stamp, lock);
        }
        check("twilio-node", List.of("node", "check.js"), dir, NODE_SCENARIOS);
    }

    @Test
    void pythonSdk_passesEveryScenario() throws Exception {
        Path dir = CLIENTS.resolve("twilio-python");
        assumeTrue(ClientProcess.available("python3"), "python3 is not installed");
        Path venv = WORK.resolve("twilio-python-venv");
        Path python = venv.resolve("bin/python");
        Path stamp = venv.resolve(".arkenos-requirements.sha256");
        String requirements = sha256(dir.resolve("requirements.txt"));
        if (!stampMatches(stamp, requirements) || !Files.isExecutable(python)) {
            ClientProcess created = ClientProcess.run(List.of("python3", "-m", "venv", "--clear", venv.toString()),
                    dir, Map.of(), INSTALL);
            assumeTrue(created.exitCode() == 0, "python3 cannot create a venv (python3-venv missing?):\n"
                    + created.tail());
            ClientProcess install = ClientProcess.run(List.of(python.toString(), "-m", "pip", "install",
                    "--disable-pip-version-check", "--no-input", "-q", "-r", "requirements.txt"), dir, Map.of(),
                    INSTALL);
            skipWhenUnreachable(install, "Python package index");
            assertEquals(0, install.exitCode(), "pip install failed:\n" + install.tail());
            Files.writeString(stamp, requirements);
        }
        check("twilio-python", List.of(python.toString(), "check.py"), dir, PYTHON_SCENARIOS);
    }

    /** Runs one client check against a fresh sandbox and asserts its closing line: every scenario passed. */
    private static void check(String client, List<String> command, Path dir, int scenarios) throws Exception {
        try (TwilioSandbox sandbox = TwilioSandbox.start(0)) {
            ClientProcess run = ClientProcess.run(command, dir, Map.of("TWILIO_SANDBOX_URL", sandbox.baseUrl(),
                    "TWILIO_ACCOUNT_SID", sandbox.accountSid(), "TWILIO_AUTH_TOKEN", sandbox.authToken()), CHECK);
            ClientProcess.Summary summary = run.summary();
            assertNotNull(summary, client + " printed no closing line:\n" + run.tail());
            System.out.printf("%s: %d scenarios, %d passed, %d failed%n", client, summary.passed() + summary.failed(),
                    summary.passed(), summary.failed());
            assertEquals(0, summary.failed(), client + " scenarios failed:\n" + run.tail());
            assertEquals(scenarios, summary.passed(), client + " ran another number of scenarios:\n" + run.tail());
            assertEquals(0, run.exitCode(), run.tail());
            assertTrue(sandbox.faults().totalCalls() > 0, "the client never reached the sandbox");
        }
    }

    private static void skipWhenUnreachable(ClientProcess install, String registry) {
        if (install.registryUnreachable()) {
            abort("the " + registry + " cannot be reached, so the official client cannot be installed:\n"
                    + install.tail());
        }
    }

    private static boolean stampMatches(Path stamp, String hash) throws IOException {
        return Files.isRegularFile(stamp) && Files.readString(stamp, StandardCharsets.UTF_8).trim().equals(hash);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
