package com.arkenos.devkit.livekitserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The real LiveKit server ({@code livekit-server}, built by {@code local/livekit/install.sh}) and the Redis it needs
 * for its SIP API, as two child processes on loopback with a generated config: fresh API key and secret, every port
 * taken from {@link PortRange}, Redis without persistence. {@link #close()} stops both.
 *
 * <p>Redis is not optional: without it LiveKit serves rooms but answers every SIP call with an error, and SIP
 * (trunks, dispatch rules) is most of what the product asks of LiveKit.
 */
public final class RealLiveKitServer implements AutoCloseable {
    /** Where install.sh puts the binary, relative to the project root. */
    public static final String INSTALLED_BINARY = ".local/tools/bin/livekit-server";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process redis;
    private final Process livekit;
    private final int port;
    private final int redisPort;
    private final String apiKey;
    private final String apiSecret;
    private final Path workDir;

    private RealLiveKitServer(Process redis, Process livekit, int port, int redisPort, String apiKey,
                              String apiSecret, Path workDir) {
        this.redis = redis;
        this.livekit = livekit;
        this.port = port;
        this.redisPort = redisPort;
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
        this.workDir = workDir;
    }

    /** The livekit-server binary: {@code LIVEKIT_SERVER_BIN}, else the one install.sh built; empty when neither. */
    public static Optional<Path> livekitBinary() {
        return Binaries.installed("LIVEKIT_SERVER_BIN", INSTALLED_BINARY);
    }

    /** redis-server from {@code REDIS_SERVER_BIN} or the PATH; empty when missing. */
    public static Optional<Path> redisBinary() {
        return Binaries.onPath("REDIS_SERVER_BIN", "redis-server");
    }

    /** Why {@link #start} cannot work here, or empty when both binaries are installed. */
    public static Optional<String> unavailableReason() {
        List<String> missing = new ArrayList<>();
        if (livekitBinary().isEmpty()) {
            missing.add("livekit-server (not at " + INSTALLED_BINARY + " nor LIVEKIT_SERVER_BIN)");
        }
        if (redisBinary().isEmpty()) {
            missing.add("redis-server (not on the PATH)");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", missing)
                + " missing: run local/livekit/install.sh (needs Go 1.26 and apt-get)");
    }

    /** Starts Redis and LiveKit with fresh credentials, ports from {@code ports}, files under {@code workDir}. */
    public static RealLiveKitServer start(Path workDir, PortRange ports) {
        return start(workDir, ports, false);
    }

    /**
     * Like {@link #start(Path, PortRange)}; {@code persistent} keeps Redis's data (trunks, dispatch rules) in an
     * append-only file and the API key and secret in {@code credentials} under {@code workDir}, so that a restarted
     * local stack finds the LiveKit resources its DynamoDB tables refer to.
     */
    public static RealLiveKitServer start(Path workDir, PortRange ports, boolean persistent) {
        return start(workDir, ports, persistent, null);
    }

    /**
     * Like {@link #start(Path, PortRange, boolean)}; LiveKit also sends its webhooks (room started and finished,
     * participants joined and left), signed with the server's key, to {@code webhookUrl} when it is not null: the
     * local stack's {@code POST /api/livekit/webhook}, as a LiveKit project's webhook setting would.
     */
    public static RealLiveKitServer start(Path workDir, PortRange ports, boolean persistent, String webhookUrl) {
        Path livekitBin = livekitBinary().orElseThrow(() -> new IllegalStateException(unavailableReason().orElse("")));
        Path redisBin = redisBinary().orElseThrow(() -> new IllegalStateException(unavailableReason().orElse("")));
        Process redis = null;
        try {
            Files.createDirectories(workDir);
            int redisPort = ports.freeTcp();
            redis = new ProcessBuilder(redisBin.toString(), "--port", String.valueOf(redisPort),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", persistent ? "yes" : "no",
                    "--dir", workDir.toString())
                    .redirectErrorStream(true).redirectOutput(workDir.resolve("redis.log").toFile()).start();
            waitForTcp(redis, redisPort, workDir.resolve("redis.log"));

            int port = ports.freeTcp();
            int rtcTcp = ports.freeTcp(port);
            int rtcUdp = ports.freeUdp(port, rtcTcp);
            String[] credentials = credentials(persistent ? workDir.resolve("credentials") : null);
            String key = credentials[0];
            String secret = credentials[1];
            Path config = workDir.resolve("livekit.yaml");
            Files.writeString(config, config(port, rtcTcp, rtcUdp, redisPort, key, secret)
                    + (webhookUrl == null ? "" : webhook(key, webhookUrl)));
            Process livekit = new ProcessBuilder(livekitBin.toString(), "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(workDir.resolve("livekit.log").toFile()).start();
            RealLiveKitServer server = new RealLiveKitServer(redis, livekit, port, redisPort, key, secret, workDir);
            try {
                server.awaitReady();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            if (redis != null) {
                stop(redis);
            }
            throw new UncheckedIOException("cannot start redis-server and livekit-server", e);
        } catch (RuntimeException e) {
            if (redis != null) {
                stop(redis);
            }
            throw e;
        }
    }

    /** LiveKit's webhook setting: where to send each event, signed as a JWT with this API key's secret. */
    static String webhook(String key, String url) {
        return String.join("\n", "webhook:", "  api_key: " + key, "  urls:", "    - " + url, "");
    }

    /** {key, secret}: fresh ones, or those kept in {@code file} (written on first use). */
    private static String[] credentials(Path file) throws IOException {
        if (file != null && Files.isRegularFile(file)) {
            String[] kept = Files.readString(file).strip().split(":", 2);
            if (kept.length == 2) {
                return kept;
            }
        }
        String[] fresh = {"APIarkenos" + hex(6), hex(24)}; // a 48-character secret: LiveKit warns below 32
        if (file != null) {
            Files.writeString(file, fresh[0] + ":" + fresh[1] + "\n");
        }
        return fresh;
    }

    /**
     * LiveKit's YAML config. Loopback only, no TURN, one UDP port (the muxed {@code udp_port}, rather than a range
     * of ten thousand) and {@code node_ip} fixed so that the server never asks the network for its external address.
     */
    static String config(int port, int rtcTcp, int rtcUdp, int redisPort, String key, String secret) {
        return String.join("\n",
                "# generated by RealLiveKitServer for local tests; credentials are throwaway",
                "port: " + port,
                "bind_addresses: [\"127.0.0.1\"]",
                "rtc:",
                "  tcp_port: " + rtcTcp,
                "  udp_port: " + rtcUdp,
                "  use_external_ip: false",
                "  node_ip: 127.0.0.1",
                "redis:",
                "  address: 127.0.0.1:" + redisPort,
                "keys:",
                "  " + key + ": " + secret,
                "logging:",
                "  level: info",
                "");
    }

    /** {@code http://127.0.0.1:PORT}, the URL to give the SDK clients (LiveKit serves Twirp beside the websocket). */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int redisPort() {
        return redisPort;
    }

    public String apiKey() {
        return apiKey;
    }

    public String apiSecret() {
        return apiSecret;
    }

    /** The server's log (stdout and stderr), for a failure message. */
    public Path logFile() {
        return workDir.resolve("livekit.log");
    }

    /** The last lines of the server's log. */
    public String logTail(int lines) {
        return tail(logFile(), lines);
    }

    public boolean isAlive() {
        return livekit.isAlive() && redis.isAlive();
    }

    @Override
    public void close() {
        stop(livekit);
        stop(redis);
    }

    /** LiveKit answers {@code GET /} with 200 "OK" once its HTTP service runs (its own health check). */
    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!livekit.isAlive()) {
                throw new IllegalStateException("livekit-server exited with " + livekit.exitValue() + ":\n"
                        + logTail(30));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(1000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            sleep(100);
        }
        throw new IllegalStateException("livekit-server did not answer on " + url() + " within " + START_TIMEOUT
                + ":\n" + logTail(30));
    }

    private static void waitForTcp(Process p, int port, Path log) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + p.exitValue() + ":\n" + tail(log, 20));
            }
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port + ":\n" + tail(log, 20));
    }

    /**
     * SIGTERM, then SIGKILL after five seconds (LiveKit drains rooms on SIGTERM, which has nothing to wait for here);
     * what the process started is killed too, so nothing outlives a test.
     */
    static void stop(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        if (p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
