package com.arkenos.devkit.livekitserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * sipp (Debian's sip-tester, installed by {@code local/livekit/install.sh}) playing Twilio's side of SIP against
 * the real {@link RealSipBridge}: a caller whose INVITE Twilio would forward to LiveKit (inbound), and Twilio's
 * termination URI that LiveKit's outbound trunk dials ({@link TerminationScenario}). Each run is one call on
 * loopback, with its messages traced to a file beside its log for the failure message.
 */
public final class Sipp implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final Path messages;
    private final int port;

    private Sipp(Process process, Path log, Path messages, int port) {
        this.process = process;
        this.log = log;
        this.messages = messages;
        this.port = port;
    }

    /** sipp from {@code SIPP_BIN} or the PATH; empty when neither has it. */
    public static Optional<Path> binary() {
        return Binaries.onPath("SIPP_BIN", "sipp");
    }

    /**
     * sipp's built-in caller: one INVITE for {@code number} to the bridge from 127.0.0.1, held for
     * {@code holdMillis} once answered, then BYE; it gives up after 12 s (and exits non-zero) when nobody answers.
     */
    public static Sipp call(Path workDir, String name, int bridgePort, String number, int holdMillis) {
        return call(workDir, name, "127.0.0.1", bridgePort, number, holdMillis);
    }

    /** As {@link #call(Path, String, int, String, int)}, sent from {@code source} (another loopback address). */
    public static Sipp call(Path workDir, String name, String source, int bridgePort, String number, int holdMillis) {
        int port = PortRange.ephemeralUdpRun(1);
        return start(workDir, name, source, port, List.of("-sn", "uac", "-s", number, "127.0.0.1:" + bridgePort,
                "-mp", String.valueOf(mediaPorts(port)), "-d", String.valueOf(holdMillis), "-timeout", "12s"));
    }

    /** Twilio's termination side: listens on a free loopback UDP port for one call, played as {@code scenario}. */
    public static Sipp terminate(Path workDir, String name, TerminationScenario scenario) {
        return terminate(workDir, name, PortRange.ephemeralUdpRun(1), scenario);
    }

    /** As {@link #terminate(Path, String, TerminationScenario)} on {@code port}, where an outbound trunk points. */
    public static Sipp terminate(Path workDir, String name, int port, TerminationScenario scenario) {
        int media = mediaPorts(port);
        Path file = workDir.resolve(name + ".xml");
        try {
            Files.createDirectories(workDir);
            Files.writeString(file, scenario.xml());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(workDir, name, "127.0.0.1", port, List.of("-sf", file.toString(), "-mp", String.valueOf(media),
                "-timeout", "90s"));
    }

    /**
     * sipp binds audio RTP on its media port and video RTP two above it (RTCP beside each), 6000 unless told: four
     * free ports in a row, none of them its SIP port, all outside the project's range, where the bridge's RTP ports
     * are.
     */
    private static int mediaPorts(int sipPort) {
        int media = PortRange.ephemeralUdpRun(4);
        while (sipPort >= media && sipPort < media + 4) {
            media = PortRange.ephemeralUdpRun(4);
        }
        return media;
    }

    private static Sipp start(Path workDir, String name, String address, int port, List<String> scenario) {
        Path bin = binary().orElseThrow(() -> new IllegalStateException(
                "sipp missing: run local/livekit/install.sh (Debian's sip-tester)"));
        Path log = workDir.resolve(name + ".log");
        Path messages = workDir.resolve(name + "-messages.log");
        List<String> cmd = new ArrayList<>(List.of(bin.toString()));
        cmd.addAll(scenario);
        cmd.addAll(List.of("-i", address, "-p", String.valueOf(port), "-m", "1", "-timeout_error", "-nostdin",
                "-trace_msg", "-message_file", messages.toString()));
        try {
            Files.createDirectories(workDir);
            Files.deleteIfExists(messages);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Sipp(p, log, messages, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start sipp", e);
        }
    }

    /** The loopback UDP port this sipp takes SIP on. */
    public int port() {
        return port;
    }

    /** Waits for the call to end: its exit code, 0 when every step of the scenario happened as written. */
    public int await(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("sipp still running after " + seconds + " s:\n" + report());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The SIP messages sipp sent and received, and the end of its log, for a failure message. */
    public String report() {
        return "sipp messages:\n" + RealLiveKitServer.tail(messages, 80) + "\nsipp log:\n"
                + RealLiveKitServer.tail(log, 15);
    }

    @Override
    public void close() {
        RealLiveKitServer.stop(process);
    }
}
