package com.arkenos.telephony.priming;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A loopback HTTP server inside this JVM for SnapStart priming: it answers each request from an {@link Exchange}, so
 * that a client built as the function builds its own (SDK, HTTP client, endpoint, signing, marshalling) runs its
 * whole request path before the snapshot without any request leaving the function. Each connection serves one
 * request and is closed, so no socket outlives {@link #close()}.
 */
public final class StandIn implements AutoCloseable {
    /** One request as the stand-in received it; header names are lower case, {@code path} keeps its query. */
    public record Request(String method, String path, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An answer: status, content type (null for none) and body. */
    public record Answer(int status, String contentType, byte[] body) {
        public static Answer of(int status, String contentType, String body) {
            return new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Answers any request. */
    @FunctionalInterface
    public interface Exchange {
        Answer answer(Request request) throws IOException;
    }

    private final Exchange exchange;
    private final ServerSocket server;
    private final Thread thread;

    private StandIn(Exchange exchange) {
        this.exchange = exchange;
        try {
            this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("no loopback socket for the priming stand-in", e);
        }
        thread = new Thread(this::serve, "snapstart-priming-stand-in");
        thread.setDaemon(true);
        thread.start();
    }

    /** A stand-in that answers every request with {@code exchange}. */
    public static StandIn serving(Exchange exchange) {
        return new StandIn(exchange);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(5000);
                answer(socket);
            } catch (IOException e) {
                // closed, or a client that went away: the next connection gets a fresh start
            }
        }
    }

    /** One HTTP/1.1 request, one answer, then the connection closes. */
    private void answer(Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String requestLine = readLine(in);
        if (requestLine == null) {
            return;
        }
        String[] parts = requestLine.split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            body = readChunked(in);
        } else {
            body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        }
        Answer answer;
        try {
            answer = exchange.answer(new Request(parts[0], parts.length > 1 ? parts[1] : "/", headers, body));
        } catch (RuntimeException e) {
            // A stand-in that cannot answer says so, rather than leaving the client waiting for its timeout.
            answer = Answer.of(500, "text/plain", "stand-in failed: " + e.getClass().getName());
        }
        OutputStream out = socket.getOutputStream();
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(answer.status()).append(' ')
                .append(reason(answer.status())).append("\r\n");
        if (answer.contentType() != null) {
            head.append("Content-Type: ").append(answer.contentType()).append("\r\n");
        }
        head.append("Content-Length: ").append(answer.body().length)
                .append("\r\nx-amzn-RequestId: priming\r\nConnection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(answer.body());
        out.flush();
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String size;
        while ((size = readLine(in)) != null) {
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                while ((size = readLine(in)) != null && !size.isEmpty()) {
                    // trailers
                }
                break;
            }
            body.write(in.readNBytes(n));
            readLine(in);
        }
        return body.toByteArray();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            default -> "Status";
        };
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                return line.toString(StandardCharsets.US_ASCII).stripTrailing();
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        try {
            server.close();
            thread.join(2000);
        } catch (IOException e) {
            // already closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
