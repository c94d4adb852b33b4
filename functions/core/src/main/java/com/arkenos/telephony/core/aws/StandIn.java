package com.arkenos.telephony.core.aws;

import com.arkenos.telephony.core.Env;
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
import java.util.Locale;

/**
 * A stand-in AWS service for the SnapStart priming hooks: it answers an SDK client's requests from a
 * {@link Responder} on a loopback socket inside this JVM, so that a client built like the function's own
 * (URLConnection HTTP client, region, credentials provider) runs its whole request path (endpoint rules, signing, JSON
 * marshalling, the HTTP client and its sockets, unmarshalling) before the snapshot without any request leaving the
 * function. Each connection serves one request and is closed, so no socket outlives {@link #close()}. Where a
 * loopback socket cannot be opened the answers come from an in-memory HTTP client instead.
 */
public final class StandIn implements AutoCloseable {
    /** The body (AWS JSON protocol) that answers an operation, by {@code X-Amz-Target} and request body. */
    @FunctionalInterface
    public interface Responder {
        String answer(String target, String requestBody);
    }

    private final Responder responder;
    private final ServerSocket server;
    private final Thread thread;
    private final SdkHttpClient http;

    private StandIn(Responder responder) {
        this.responder = responder;
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
        return new StandIn(responder);
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
        String target = "";
        int length = 0;
        String line = readLine(in);
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("x-amz-target")) {
                target = value;
            } else if (name.equals("content-length")) {
                length = Integer.parseInt(value);
            }
        }
        byte[] body = in.readNBytes(length);
        byte[] answer = responder.answer(target, new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: " + answer.length
                + "\r\nx-amzn-RequestId: priming\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(answer);
        out.flush();
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
                    String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
                    String body = "";
                    if (request.contentStreamProvider().isPresent()) {
                        try (InputStream in = request.contentStreamProvider().get().newStream()) {
                            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                    }
                    byte[] answer = responder.answer(target, body).getBytes(StandardCharsets.UTF_8);
                    return HttpExecuteResponse.builder().response(SdkHttpResponse.builder().statusCode(200)
                                    .putHeader("Content-Type", "application/x-amz-json-1.0")
                                    .putHeader("Content-Length", Integer.toString(answer.length)).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer))).build();
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
