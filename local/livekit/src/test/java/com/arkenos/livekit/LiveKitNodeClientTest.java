package com.arkenos.livekit;

import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.livekitserver.RealLiveKitServer;
import com.arkenos.devkit.template.SamTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * LiveKit's official Node SDK (npm livekit-server-sdk 2.19.2, local/clients/livekit-node/check.js) against the
 * sandbox and against the real server, expecting the real server's answers on both: a second client, with JSON
 * bodies where the Java SDK sends protobuf. Skipped, with the reason, without node/npm (or the registry), and the
 * real-server half without the binaries.
 */
class LiveKitNodeClientTest {
    private static final Path DIR = SamTemplate.projectRoot().resolve("local/clients/livekit-node");
    private static final int SCENARIOS = 11;

    @RegisterExtension
    static final RealLiveKit REAL = new RealLiveKit();

    @BeforeAll
    static void install() throws Exception {
        if (!available("node") || !available("npm")) {
            return; // each test says so
        }
        Path stamp = DIR.resolve("node_modules/.arkenos-lock.sha256");
        String lock = sha256(DIR.resolve("package-lock.json"));
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(lock)) {
            return;
        }
        Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
        if (r.exit == 0) {
            Files.writeString(stamp, lock);
        }
    }

    @Test
    void nodeSdk_onTheSandbox() throws Exception {
        assumeNode();
        try (LiveKitSandbox sandbox = LiveKitSandbox.start(0)) {
            check(sandbox.url(), sandbox.apiKey(), sandbox.apiSecret());
        }
    }

    @Test
    void nodeSdk_onTheRealServer() throws Exception {
        assumeNode();
        RealLiveKitServer server = REAL.server();
        check(server.url(), server.apiKey(), server.apiSecret());
    }

    private static void check(String url, String key, String secret) throws Exception {
        Result r = run(List.of("node", "check.js"),
                Map.of("LIVEKIT_URL", url, "LIVEKIT_API_KEY", key, "LIVEKIT_API_SECRET", secret), 120);
        System.out.println(r.output);
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("livekit-node: " + SCENARIOS + " passed, 0 failed"), r.output);
    }

    private static void assumeNode() {
        assumeTrue(available("node") && available("npm"), "node or npm is not installed");
        assumeTrue(Files.isDirectory(DIR.resolve("node_modules/livekit-server-sdk")),
                "npm ci of local/clients/livekit-node failed (registry unreachable?)");
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
        Path log = Files.createTempFile("livekit-node", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s:\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean available(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir.isEmpty() ? "." : dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
