package com.arkenos.livekit;

import com.arkenos.devkit.clients.ClientProcess;
import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.livekitserver.RealLiveKitServer;
import com.arkenos.devkit.template.SamTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

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
        if (!ClientProcess.available("node") || !ClientProcess.available("npm")) {
            return; // each test says so
        }
        Path stamp = DIR.resolve("node_modules/.arkenos-lock.sha256");
        String lock = sha256(DIR.resolve("package-lock.json"));
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(lock)) {
            return;
        }
        ClientProcess r = ClientProcess.run(List.of("npm", "ci", "--no-audit", "--no-fund"), DIR, Map.of(),
                Duration.ofSeconds(300));
        if (r.exitCode() == 0) {
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
        ClientProcess r = ClientProcess.run(List.of("node", "check.js"), DIR,
                Map.of("LIVEKIT_URL", url, "LIVEKIT_API_KEY", key, "LIVEKIT_API_SECRET", secret),
                Duration.ofSeconds(120));
        System.out.println(r.output());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("livekit-node: " + SCENARIOS + " passed, 0 failed"), r.output());
    }

    private static void assumeNode() {
        assumeTrue(ClientProcess.available("node") && ClientProcess.available("npm"), "node or npm is not installed");
        assumeTrue(Files.isDirectory(DIR.resolve("node_modules/livekit-server-sdk")),
                "npm ci of local/clients/livekit-node failed (registry unreachable?)");
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
