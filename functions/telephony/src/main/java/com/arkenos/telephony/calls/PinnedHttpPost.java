package com.arkenos.telephony.calls;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 POST to an address that was already resolved and checked. An HTTP client given the URL would resolve
 * the name again when it connects, and a name whose answer changes in between (DNS rebinding) would take the request
 * to an address nobody checked. Here the socket goes to the checked address, and the name travels only where the
 * server needs it: the {@code Host} header, TLS's SNI, and the certificate check (the certificate must name the
 * host, as any HTTPS client requires). Reads the status line only; the connection closes after one request.
 */
final class PinnedHttpPost {
    private static final int MAX_STATUS_LINE = 8 * 1024;

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final SSLContext tls;

    PinnedHttpPost(Duration connectTimeout, Duration readTimeout, SSLContext tls) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.tls = tls;
    }

    static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    /** POSTs {@code body} to {@code uri} at {@code address}; the HTTP status. */
    int post(URI uri, InetAddress address, Map<String, String> headers, byte[] body) throws IOException {
        boolean https = "https".equals(uri.getScheme().toLowerCase(Locale.ROOT));
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String host = uri.getHost();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
            plain.setSoTimeout((int) readTimeout.toMillis());
            Socket socket = https ? handshake(plain, host, port) : plain;
            OutputStream out = socket.getOutputStream();
            out.write(head(uri, host, port, https, headers, body.length).getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return status(socket.getInputStream());
        } finally {
            plain.close();
        }
    }

    private Socket handshake(Socket plain, String host, int port) throws IOException {
        String name = bare(host);
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, name, port, true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host, not the address
        if (!name.contains(":") && !name.matches("[0-9.]+")) {
            p.setServerNames(List.of(new SNIHostName(name))); // SNI carries names only, never IP literals
        }
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        return ssl;
    }

    private static String head(URI uri, String host, int port, boolean https, Map<String, String> headers, int length) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        boolean defaultPort = port == (https ? 443 : 80);
        StringBuilder b = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(defaultPort ? "" : ":" + port).append("\r\n");
        headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
        b.append("Content-Length: ").append(length).append("\r\nConnection: close\r\n\r\n");
        return b.toString();
    }

    private static int status(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (line.size() > MAX_STATUS_LINE) {
                throw new IOException("status line too long");
            }
            line.write(c);
        }
        String[] parts = line.toString(StandardCharsets.ISO_8859_1).trim().split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5][0-9]{2}")) {
            throw new IOException("not an HTTP/1.x answer");
        }
        return Integer.parseInt(parts[1]);
    }

    private static String bare(String host) {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }
}
