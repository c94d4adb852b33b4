package com.arkenos.livekit;

import com.arkenos.devkit.clients.ClientProcess;
import com.arkenos.devkit.clients.PythonVenv;
import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.livekitserver.RealLiveKitServer;
import com.arkenos.devkit.template.SamTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
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
        PythonVenv venv = PythonVenv.install(VENV, DIR.resolve("requirements.txt"));
        unavailable = venv.unavailable();
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
                Map.of("LIVEKIT_URL", url, "LIVEKIT_API_KEY", key, "LIVEKIT_API_SECRET", secret),
                Duration.ofSeconds(120));
        System.out.println(r.output());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("livekit-python: " + SCENARIOS + " passed, 0 failed"), r.output());
    }

    private static void assumeInstalled() {
        assumeFalse(unavailable != null, unavailable);
    }
}
