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
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * LiveKit's official Python SDK (PyPI livekit-api 1.2.2, local/clients/livekit-python/check.py) against the sandbox
 * and against the real server, expecting the real server's answers on both: the third client, with its own Twirp
 * client (protobuf over aiohttp) and token signing, over the same scenarios as the Node SDK's check. The venv lives
 * under target/; skipped, with the reason, without python3 (or PyPI), and the real-server half without the binaries.
 */
class LiveKitPythonClientTest {
    private static final Path DIR = SamTemplate.projectRoot().resolve("local/clients/livekit-python");
    private static final Path VENV = SamTemplate.projectRoot().resolve("local/livekit/target/livekit-python-venv");
    private static final Path PYTHON = VENV.resolve("bin/python");
    private static final int SCENARIOS = 11;
    private static String unavailable;

    @RegisterExtension
    static final RealLiveKit REAL = new RealLiveKit();

    @BeforeAll
    static void install() throws Exception {
        if (!ClientProcess.available("python3")) {
            unavailable = "python3 is not installed";
            return;
        }
        Path stamp = VENV.resolve(".arkenos-requirements.sha256");
        String requirements = sha256(DIR.resolve("requirements.txt"));
        if (Files.isExecutable(PYTHON) && Files.isRegularFile(stamp) && Files.readString(stamp).equals(requirements)) {
            return;
        }
        ClientProcess venv = ClientProcess.run(List.of("python3", "-m", "venv", "--clear", VENV.toString()), DIR,
                Map.of(), Duration.ofSeconds(120));
        if (venv.exitCode() != 0) {
            unavailable = "python3 cannot create a venv (python3-venv missing?):\n" + venv.tail();
            return;
        }
        ClientProcess pip = ClientProcess.run(List.of(PYTHON.toString(), "-m", "pip", "install",
                "--disable-pip-version-check", "--no-input", "-q", "-r", "requirements.txt"), DIR, Map.of(),
                Duration.ofSeconds(600));
        if (pip.registryUnreachable()) {
            unavailable = "PyPI is not reachable:\n" + pip.tail();
            return;
        }
        assertEquals(0, pip.exitCode(), "pip could not install local/clients/livekit-python/requirements.txt:\n"
                + pip.tail());
        Files.writeString(stamp, requirements);
    }

    @Test
    void pythonSdk_onTheSandbox() throws Exception {
        assumeInstalled();
        try (LiveKitSandbox sandbox = LiveKitSandbox.start(0)) {
            check(sandbox.url(), sandbox.apiKey(), sandbox.apiSecret());
        }
    }

    @Test
    void pythonSdk_onTheRealServer() throws Exception {
        assumeInstalled();
        RealLiveKitServer server = REAL.server();
        check(server.url(), server.apiKey(), server.apiSecret());
    }

    private static void check(String url, String key, String secret) throws Exception {
        ClientProcess r = ClientProcess.run(List.of(PYTHON.toString(), "check.py"), DIR,
                Map.of("LIVEKIT_URL", url, "LIVEKIT_API_KEY", key, "LIVEKIT_API_SECRET", secret), Duration.ofSeconds(120));
        System.out.println(r.output());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("livekit-python: " + SCENARIOS + " passed, 0 failed"), r.output());
    }

    private static void assumeInstalled() {
        assumeFalse(unavailable != null, unavailable);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
