package com.arkenos.devkit.livekitserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./stack start --livekit real}: runs Redis and livekit-server until this JVM is stopped (SIGTERM, SIGINT),
 * after writing the variables that point the functions at it to an env file the stack script sources:
 * {@code LIVEKIT_URL}, {@code LIVEKIT_API_KEY}, {@code LIVEKIT_API_SECRET}, {@code LIVEKIT_SIP_URI}.
 *
 * <pre>RealLiveKitMain WORK_DIR ENV_FILE [--persistent]</pre>
 */
public final class RealLiveKitMain {
    private RealLiveKitMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: RealLiveKitMain WORK_DIR ENV_FILE [--persistent] [--webhook URL]");
            System.exit(2);
        }
        Path work = Path.of(args[0]).toAbsolutePath();
        Path envFile = Path.of(args[1]).toAbsolutePath();
        java.util.List<String> rest = java.util.List.of(args).subList(2, args.length);
        boolean persistent = rest.contains("--persistent");
        int w = rest.indexOf("--webhook");
        String webhook = w >= 0 && w + 1 < rest.size() ? rest.get(w + 1) : null;
        RealLiveKitServer.unavailableReason().ifPresent(reason -> {
            System.err.println(reason);
            System.exit(1);
        });
        Files.deleteIfExists(envFile);
        RealLiveKitServer server = RealLiveKitServer.start(work, PortRange.fromEnvironment(), persistent, webhook);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            server.close();
        }, "real-livekit-stop"));
        // No SIP bridge runs here, so the SIP URI only has to be well-formed: the Twilio sandbox never dials it.
        String env = "LIVEKIT_URL=" + server.url() + "\n"
                + "LIVEKIT_API_KEY=" + server.apiKey() + "\n"
                + "LIVEKIT_API_SECRET=" + server.apiSecret() + "\n"
                + "LIVEKIT_SIP_URI=127.0.0.1\n";
        Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
        Files.writeString(tmp, env);
        Files.move(tmp, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.err.println("real LiveKit " + server.url() + " (Redis 127.0.0.1:" + server.redisPort() + ", log "
                + server.logFile() + (persistent ? ", data kept in " + work : "")
                + (webhook == null ? "" : ", webhooks to " + webhook) + ")");
        while (server.isAlive() || stopping.get()) {
            Thread.sleep(500);
        }
        // A child died on its own (not our shutdown): say so and end, so that the stack script stops too.
        System.err.println("livekit-server or redis-server stopped:\n" + server.logTail(20));
        System.exit(1);
    }
}
