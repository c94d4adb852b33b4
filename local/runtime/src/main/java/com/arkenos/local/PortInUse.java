package com.arkenos.local;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

/** A port the runtime needs is taken: said in one line that names the port, what needed it and what to do. */
final class PortInUse extends RuntimeException {
    private PortInUse(String message) {
        super(message);
    }

    PortInUse(String what, int port) {
        super("port " + port + " (" + what + ") is already in use; stop what listens there or start with"
                + " --port N (the sandboxes take N+1 and N+2) or --port 0 (free ports)");
    }

    /** Throws for the first of {@code ports} (by what listens there) that cannot be bound now. */
    static void check(String bind, Map<String, Integer> ports) throws IOException {
        for (Map.Entry<String, Integer> p : ports.entrySet()) {
            InetAddress address = p.getKey().equals("HTTP API") ? InetAddress.getByName(bind)
                    : InetAddress.getLoopbackAddress();
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(address, p.getValue()));
            } catch (BindException e) {
                throw new PortInUse(p.getKey(), p.getValue());
            }
        }
    }

    /** This failure or its cause when it is a port in use (as a {@link BindException} at start-up too), else null. */
    static PortInUse find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PortInUse p) {
                return p;
            }
            if (t instanceof BindException) {
                // Taken between the check and the start: the failure's own message names the server and port.
                return new PortInUse(
                        failure.getMessage() + " (" + t.getMessage() + "); start with --port N or --port 0");
            }
        }
        return null;
    }
}
