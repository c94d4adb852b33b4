package com.arkenos.devkit.livekitserver;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports to give child servers, from a fixed range so that several engineers (and CI) on one machine can agree on
 * who uses what. A port is free when it can be bound on loopback right now; the child binds it a moment later, so
 * two starts racing for one range can still collide (the server then fails to start, with its log).
 *
 * @param first first port of the range, inclusive
 * @param last  last port of the range, inclusive
 */
public record PortRange(int first, int last) {
    /** The range this project's LiveKit and Redis use unless {@code LIVEKIT_TEST_PORTS=FIRST-LAST} says otherwise. */
    public static PortRange fromEnvironment() {
        String env = System.getenv("LIVEKIT_TEST_PORTS");
        if (env == null || env.isBlank()) {
            return new PortRange(18400, 18499);
        }
        String[] parts = env.strip().split("-", 2);
        return new PortRange(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("bad port range " + first + "-" + last);
        }
    }

    /** A TCP port of the range that is free on loopback, not one of {@code taken}; starts at a random offset. */
    public int freeTcp(int... taken) {
        return find(true, 1, taken);
    }

    /** A UDP port of the range that is free on loopback, not one of {@code taken}. */
    public int freeUdp(int... taken) {
        return find(false, 1, taken);
    }

    /** The first of {@code count} consecutive UDP ports of the range, each free on loopback, none in {@code taken}. */
    public int freeUdpRun(int count, int... taken) {
        return find(false, count, taken);
    }

    /**
     * The first of {@code count} consecutive UDP ports free on loopback in the system's ephemeral range, outside
     * every {@code PortRange}: for a client (sipp) that must never hold a port a server here took a range of.
     */
    public static int ephemeralUdpRun(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int start;
            InetSocketAddress anyPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            try (DatagramSocket probe = new DatagramSocket(anyPort)) {
                start = probe.getLocalPort();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (start + count <= 65536 && allFree(false, start, count, Set.of())) {
                return start;
            }
        }
        throw new IllegalStateException("no " + count + " free UDP ports in a row in the ephemeral range");
    }

    private int find(boolean tcp, int count, int... taken) {
        Set<Integer> skip = java.util.Arrays.stream(taken).boxed().collect(java.util.stream.Collectors.toSet());
        int size = last - first + 2 - count;
        int offset = ThreadLocalRandom.current().nextInt(Math.max(1, size));
        for (int i = 0; i < size; i++) {
            int start = first + (offset + i) % size;
            if (allFree(tcp, start, count, skip)) {
                return start;
            }
        }
        throw new IllegalStateException("no " + (count == 1 ? "free " : count + " free ") + (tcp ? "TCP" : "UDP")
                + " port" + (count == 1 ? "" : "s in a row") + " in " + first + "-" + last);
    }

    private static boolean allFree(boolean tcp, int start, int count, Set<Integer> skip) {
        return java.util.stream.IntStream.range(start, start + count)
                .allMatch(p -> !skip.contains(p) && (tcp ? tcpFree(p) : udpFree(p)));
    }

    private static boolean tcpFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
