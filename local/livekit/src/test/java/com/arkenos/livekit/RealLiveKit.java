package com.arkenos.livekit;

import com.arkenos.devkit.livekitserver.PortRange;
import com.arkenos.devkit.livekitserver.RealLiveKitServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * JUnit 5 extension: one real livekit-server (with its Redis) per test class, on loopback ports of
 * {@link PortRange#fromEnvironment()}, stopped after the class. Without the binaries (a machine without Go, where
 * local/livekit/install.sh could not build the server) each test that asks for {@link #server()} is skipped, and
 * says why; a server that is installed but does not start fails the class, with its log.
 *
 * <p>Register it as {@code @RegisterExtension static final RealLiveKit real = new RealLiveKit();}.
 */
public final class RealLiveKit implements BeforeAllCallback, AfterAllCallback {
    private RealLiveKitServer server;
    private Optional<String> missing = Optional.empty();

    @Override
    public void beforeAll(ExtensionContext context) {
        missing = RealLiveKitServer.unavailableReason();
        if (missing.isPresent()) {
            return; // each test that asks for the server is skipped there, so that the build's counts show it
        }
        Path work = Path.of("target/real-livekit", context.getRequiredTestClass().getSimpleName()).toAbsolutePath();
        server = RealLiveKitServer.start(work, PortRange.fromEnvironment());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The running server; skips the calling test (a JUnit assumption) when the binaries are not installed. */
    public RealLiveKitServer server() {
        assumeTrue(missing.isEmpty(), () -> "real LiveKit tests skipped: " + missing.orElse(""));
        if (server == null) {
            throw new IllegalStateException("the real LiveKit server is not running (skipped or not started)");
        }
        return server;
    }
}
