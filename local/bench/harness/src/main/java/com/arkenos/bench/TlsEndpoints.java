package com.arkenos.bench;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The lookup's deployed shape for its cold start (issue 17): DynamoDB and Secrets Manager reached over TLS, and the
 * worker key read from its secret at init. AWS endpoints are HTTPS, and a cold start pays for loading the trust
 * store, the TLS handshake and the secret's round trip; DynamoDB Local speaks plain HTTP and the local stack keeps
 * the key in a variable.
 *
 * <ul>
 *   <li>A self-signed RSA 2048 certificate for 127.0.0.1 is made with the JDK's keytool and added to a copy of the
 *       measured JDK's own {@code cacerts}, which the measured JVMs are told to trust: they load a trust store as
 *       large as Lambda's, plus one certificate.</li>
 *   <li>DynamoDB: a TLS front that forwards the bytes to DynamoDB Local.</li>
 *   <li>Secrets Manager: an HTTPS stand-in answering GetSecretValue with {@code {"key": workerKey}}.</li>
 * </ul>
 */
final class TlsEndpoints implements AutoCloseable {
    static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:bench-worker-key";
    private static final String PASSWORD = "changeit";

    private final Path trustStore;
    private final SSLServerSocket dynamoFront;
    private final HttpsServer secrets;

    private TlsEndpoints(Path trustStore, SSLServerSocket dynamoFront, HttpsServer secrets) {
        this.trustStore = trustStore;
        this.dynamoFront = dynamoFront;
        this.secrets = secrets;
    }

    /**
     * @param java      the JVM that will be measured (its {@code cacerts} is the trust store's base)
     * @param dynamo    DynamoDB Local's plain endpoint
     * @param workerKey what the secret holds
     */
    static TlsEndpoints start(Path work, Path java, URI dynamo, String workerKey) throws Exception {
        Path dir = Files.createDirectories(work.resolve("tls"));
        Path serverStore = dir.resolve("server.p12");
        Path cert = dir.resolve("server.pem");
        Path trust = dir.resolve("trust.p12");
        for (Path p : List.of(serverStore, cert, trust)) {
            Files.deleteIfExists(p);
        }
        Path keytool = java.resolveSibling("keytool");
        keytool(keytool, "-genkeypair", "-alias", "bench", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "7",
                "-keystore", serverStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool(keytool, "-exportcert", "-alias", "bench", "-rfc", "-file", cert.toString(),
                "-keystore", serverStore.toString(), "-storepass", PASSWORD);
        Path cacerts = java.toRealPath().getParent().getParent().resolve("lib/security/cacerts");
        Files.copy(cacerts, trust);
        keytool(keytool, "-importcert", "-noprompt", "-alias", "bench-endpoints", "-file", cert.toString(),
                "-keystore", trust.toString(), "-storepass", PASSWORD);

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        SSLServerSocket front = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> forward(front, dynamo), "bench-dynamodb-tls");
        acceptor.setDaemon(true);
        acceptor.start();

        HttpsServer sm = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sm.setHttpsConfigurator(new HttpsConfigurator(tls));
        byte[] answer = ("{\"ARN\":\"" + SECRET_ARN + "\",\"Name\":\"bench-worker-key\",\"VersionId\":\"v1\","
                + "\"SecretString\":\"{\\\"key\\\":\\\"" + workerKey + "\\\"}\",\"VersionStages\":[\"AWSCURRENT\"],"
                + "\"CreatedDate\":1.7E9}").getBytes(StandardCharsets.UTF_8);
        sm.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            ex.sendResponseHeaders(200, answer.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer);
            }
        });
        sm.start();
        return new TlsEndpoints(trust, front, sm);
    }

    /** The variables that point a function (or the baseline) at these endpoints and at the secret. */
    Map<String, String> env() {
        return Map.of("AWS_ENDPOINT_URL_DYNAMODB", "https://127.0.0.1:" + dynamoFront.getLocalPort(),
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", "https://127.0.0.1:" + secrets.getAddress().getPort(),
                "WORKER_KEY_SECRET_ARN", SECRET_ARN);
    }

    /** The measured JVMs' flags: trust the JDK's certificates and these endpoints'. */
    List<String> jvmArgs() {
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    @Override
    public void close() {
        secrets.stop(0);
        try {
            dynamoFront.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static void keytool(Path keytool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(keytool.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + out.strip());
        }
    }

    /** Accepts TLS connections and pipes each, decrypted, to DynamoDB Local, both ways. */
    private static void forward(SSLServerSocket front, URI target) {
        while (!front.isClosed()) {
            Socket client;
            try {
                client = front.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread t = new Thread(() -> {
                try {
                    Socket upstream = new Socket(target.getHost(), target.getPort());
                    Thread back = new Thread(() -> pipe(upstream, client), "bench-dynamodb-tls-back");
                    back.setDaemon(true);
                    back.start();
                    pipe(client, upstream);
                } catch (IOException e) {
                    closeQuietly(client); // DynamoDB Local is gone: the client sees the connection closed
                }
            }, "bench-dynamodb-tls-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Copies until one side closes, then closes both (a request and its answer never outlive the connection). */
    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
