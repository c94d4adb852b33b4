package com.arkenos.devkit.livekitserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./stack start --livekit real}: runs Redis, livekit-server and (when it is built) the SIP bridge livekit-sip
 * until this JVM is stopped (SIGTERM, SIGINT), after writing the variables that point the functions at them to an
 * env file the stack script sources: {@code LIVEKIT_URL}, {@code LIVEKIT_API_KEY}, {@code LIVEKIT_API_SECRET},
 * {@code LIVEKIT_SIP_URI} (the bridge's address), and {@code TWILIO_SIGNALLING_ADDRESSES} (loopback, so the
 * inbound trunk takes calls from this machine).
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
        PortRange ports = PortRange.fromEnvironment();
        RealLiveKitServer server = RealLiveKitServer.start(work, ports, persistent, webhook);
        // The SIP bridge too when install.sh could build it: calls can then be placed into the stack with a SIP
        // client on this machine (sipp), which the inbound trunk accepts from loopback, where Twilio would be.
        RealSipBridge bridge = RealSipBridge.binary().isPresent() ? RealSipBridge.start(work, server, ports) : null;
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            if (bridge != null) {
                bridge.close();
            }
            server.close();
        }, "real-livekit-stop"));
        String env = "LIVEKIT_URL=" + server.url() + "\n"
                + "LIVEKIT_API_KEY=" + server.apiKey() + "\n"
                + "LIVEKIT_API_SECRET=" + server.apiSecret() + "\n"
                // Without a bridge nothing dials the SIP URI (the Twilio sandbox never does): it only has to be
                // well-formed.
                + "LIVEKIT_SIP_URI=127.0.0.1" + (bridge == null ? "" : ":" + bridge.sipPort()) + "\n"
                + (bridge == null ? "" : "TWILIO_SIGNALLING_ADDRESSES=127.0.0.1/32\n");
        Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
        Files.writeString(tmp, env);
        Files.move(tmp, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.err.println("real LiveKit " + server.url() + " (Redis 127.0.0.1:" + server.redisPort() + ", log "
                + server.logFile() + (persistent ? ", data kept in " + work : "")
                + (webhook == null ? "" : ", webhooks to " + webhook) + ")");
        System.err.println(bridge == null ? "no SIP bridge: livekit-sip is not built (local/livekit/install.sh)"
                : "SIP bridge udp/tcp 127.0.0.1:" + bridge.sipPort() + " (calls from 127.0.0.1 only; log "
                + work.resolve("livekit-sip.log") + ")");
        while (server.isAlive() || stopping.get()) {
            Thread.sleep(500);
        }
        // A child died on its own (not our shutdown): say so and end, so that the stack script stops too.
        System.err.println("livekit-server or redis-server stopped:\n" + server.logTail(20));
        System.exit(1);
    }
}
