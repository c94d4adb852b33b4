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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * The Twilio sandbox driven by Twilio's own SDKs, npm {@code twilio} 6.x and PyPI {@code twilio} 9.x, over every
 * operation the Java gateway uses (local/clients/twilio-node/check.js, local/clients/twilio-python/check.py).
 * Each scenario a check prints is reported as a test of its own, so the build's counts show them per language.
 * Without node/npm or python3, or when their registry cannot be reached, the tests are skipped and say why.
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
    private static final Pattern SCENARIO = Pattern.compile("(?m)^(ok|FAIL) +(.+?)( -- .*)?$");

    @TestFactory
    Stream<DynamicTest> nodeSdk_passesEveryScenario() {
        return skippable("twilio-node", this::nodeSdk);
    }

    @TestFactory
    Stream<DynamicTest> pythonSdk_passesEveryScenario() {
        return skippable("twilio-python", this::pythonSdk);
    }

    private Stream<DynamicTest> nodeSdk() throws Exception {
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
        return check("twilio-node", List.of("node", "check.js"), dir, NODE_SCENARIOS);
    }

    private Stream<DynamicTest> pythonSdk() throws Exception {
        Path dir = CLIENTS.resolve("twilio-python");
        PythonVenv venv = PythonVenv.install(WORK.resolve("twilio-python-venv"), dir.resolve("requirements.txt"));
        assumeTrue(venv.ready(), venv.unavailable());
        Path python = venv.python();
        return check("twilio-python", List.of(python.toString(), "check.py"), dir, PYTHON_SCENARIOS);
    }

    /**
     * Runs one client check against a fresh sandbox: a test per scenario line ("ok NAME" or "FAIL NAME: why"), then
     * one for the closing line (every scenario ran and passed, the process exited 0).
     */
    private static Stream<DynamicTest> check(String client, List<String> command, Path dir, int scenarios)
            throws Exception {
        ClientProcess run;
        long calls;
        try (TwilioSandbox sandbox = TwilioSandbox.start(0)) {
            run = ClientProcess.run(command, dir, Map.of("TWILIO_SANDBOX_URL", sandbox.baseUrl(),
                    "TWILIO_ACCOUNT_SID", sandbox.accountSid(), "TWILIO_AUTH_TOKEN", sandbox.authToken()), CHECK);
            calls = sandbox.faults().totalCalls();
        }
        ClientProcess.Summary summary = run.summary();
        System.out.printf("%s: %s%n", client, summary == null ? "no closing line"
                : (summary.passed() + summary.failed()) + " scenarios, " + summary.passed() + " passed, "
                        + summary.failed() + " failed");
        List<DynamicTest> tests = new ArrayList<>();
        Matcher line = SCENARIO.matcher(run.output());
        while (line.find()) {
            String name = line.group(2);
            String why = line.group(3);
            boolean ok = line.group(1).equals("ok");
            tests.add(DynamicTest.dynamicTest(client + ": " + name, () -> assertTrue(ok, name + why)));
        }
        ClientProcess finished = run;
        tests.add(DynamicTest.dynamicTest(client + ": every scenario ran and passed", () -> {
            assertNotNull(summary, client + " printed no closing line:\n" + finished.tail());
            assertEquals(0, summary.failed(), client + " scenarios failed:\n" + finished.tail());
            assertEquals(scenarios, summary.passed(), client + " ran another number of scenarios:\n"
                    + finished.tail());
            assertEquals(0, finished.exitCode(), finished.tail());
            assertTrue(calls > 0, "the client never reached the sandbox");
        }));
        return tests.stream();
    }

    private interface Check {
        Stream<DynamicTest> run() throws Exception;
    }

    /**
     * A check whose tools or registry are missing becomes one skipped test carrying the reason: an aborted test
     * factory would only skip its container, which the build's counts do not show.
     */
    private static Stream<DynamicTest> skippable(String client, Check check) {
        try {
            return check.run();
        } catch (TestAbortedException e) {
            return Stream.of(DynamicTest.dynamicTest(client + ": skipped", () -> {
                throw e;
            }));
        } catch (Exception e) {
            return Stream.of(DynamicTest.dynamicTest(client + ": could not run", () -> {
                throw e;
            }));
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
