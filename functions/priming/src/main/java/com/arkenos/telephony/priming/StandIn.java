package com.arkenos.telephony.priming;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.aws.AwsClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A stand-in AWS service for the SnapStart priming hooks: it answers an SDK client's requests from a
 * {@link Responder} on a loopback socket inside this JVM, so that a client built like the function's own
 * (URLConnection HTTP client, region, credentials provider) runs its whole request path (endpoint rules, signing, JSON
 * marshalling, the HTTP client and its sockets, unmarshalling) before the snapshot without any request leaving the
 * function. Each connection serves one request and is closed, so no socket outlives {@link #close()}. Where a
 * loopback socket cannot be opened the answers come from an in-memory HTTP client instead.
 *
 * <p>{@link #serving(Exchange)} answers any HTTP request (method, path, headers, body) with any status and content
 * type, for stand-ins of services that are not AWS JSON (a REST API, a Twirp API) or of several services at once.
 */
public final class StandIn implements AutoCloseable {
    /** The body (AWS JSON protocol) that answers an operation, by {@code X-Amz-Target} and request body. */
    @FunctionalInterface
    public interface Responder {
        String answer(String target, String requestBody);
    }

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
    private final SdkHttpClient http;

    private StandIn(Exchange exchange) {
        this.exchange = exchange;
        ServerSocket s;
        try {
            s = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        } catch (IOException | SecurityException e) {
            s = null;
        }
        this.server = s;
        if (s != null) {
            thread = new Thread(this::serve, "snapstart-priming-stand-in");
            thread.setDaemon(true);
            thread.start();
            http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(5)).build();
        } else {
            thread = null;
            http = new InMemory();
        }
    }

    public static StandIn start(Responder responder) {
        return new StandIn(request -> Answer.of(200, "application/x-amz-json-1.0",
                responder.answer(request.header("x-amz-target"), request.bodyText())));
    }

    /** A stand-in that answers every request with {@code exchange}. */
    public static StandIn serving(Exchange exchange) {
        return new StandIn(exchange);
    }

    /** A DynamoDB client configured like {@link AwsClients#dynamo} but sent to this stand-in. */
    public DynamoDbClient dynamo(Env env) {
        return DynamoDbClient.builder().region(Region.of(AwsClients.region(env))).credentialsProvider(credentials(env))
                .httpClient(http).endpointOverride(endpoint()).build();
    }

    public URI endpoint() {
        return URI.create(server == null ? "http://stand-in.invalid" : "http://127.0.0.1:" + server.getLocalPort());
    }

    /** The HTTP client to build SDK clients with (the stand-in closes it). */
    public SdkHttpClient httpClient() {
        return http;
    }

    /** The function's own credentials provider when it resolves, else a fixed pair (nothing leaves the JVM). */
    public static AwsCredentialsProvider credentials(Env env) {
        try {
            AwsCredentialsProvider p = AwsClients.credentials(env);
            p.resolveCredentials();
            return p;
        } catch (RuntimeException e) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"));
        }
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
        http.close();
        if (server != null) {
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

    /** Answers in memory, for where no loopback socket can be opened. */
    private final class InMemory implements SdkHttpClient {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    byte[] body = new byte[0];
                    if (request.contentStreamProvider().isPresent()) {
                        try (InputStream in = request.contentStreamProvider().get().newStream()) {
                            body = in.readAllBytes();
                        }
                    }
                    Map<String, String> headers = new LinkedHashMap<>();
                    request.httpRequest().forEachHeader((name, values) -> {
                        if (!values.isEmpty()) {
                            headers.putIfAbsent(name.toLowerCase(Locale.ROOT), values.get(0));
                        }
                    });
                    String path = request.httpRequest().encodedPath();
                    String query = request.httpRequest().encodedQueryParameters().orElse(null);
                    Answer answer = exchange.answer(new Request(request.httpRequest().method().name(),
                            (path.isEmpty() ? "/" : path) + (query == null ? "" : "?" + query), headers, body));
                    SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(answer.status())
                            .putHeader("Content-Length", Integer.toString(answer.body().length));
                    if (answer.contentType() != null) {
                        response.putHeader("Content-Type", answer.contentType());
                    }
                    return HttpExecuteResponse.builder().response(response.build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer.body()))).build();
                }

                @Override
                public void abort() {
                    // answered in memory
                }
            };
        }

        @Override
        public String clientName() {
            return "StandIn";
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
