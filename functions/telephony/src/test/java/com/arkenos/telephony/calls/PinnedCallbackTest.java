package com.arkenos.telephony.calls;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The callback connects to the address that was checked, with the URL's name in Host (and in TLS's SNI and
 * certificate check): a resolver that changes its answer after the check (DNS rebinding) is asked once and its
 * second answer is never used.
 */
class PinnedCallbackTest {
    private HttpServer server;
    private final List<String> hosts = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void serve(HttpServer s) {
        server = s;
        s.createContext("/", x -> {
            hosts.add(x.getRequestHeaders().getFirst("Host"));
            try (InputStream in = x.getRequestBody()) {
                bodies.add(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        s.start();
    }

    /** First answer 127.0.0.1 (where the receiver listens), then an address where nothing does. */
    private static CallbackSender.Resolver rebinding(AtomicInteger asked) {
        return host -> new InetAddress[] {
                InetAddress.getByName(asked.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")};
    }

    @Test
    void theCheckedAddressIsTheOneConnectedTo_andTheNameGoesInHost() throws Exception {
        serve(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        int port = server.getAddress().getPort();
        AtomicInteger asked = new AtomicInteger();
        CallbackSender sender = new CallbackSender(true, rebinding(asked), PinnedHttpPost.defaultTls());
        assertEquals(CallbackSender.Outcome.DELIVERED,
                sender.send("http://hooks.customer.test:" + port + "/cb?x=1", "e1", "{\"a\":1}"));
        assertEquals(1, asked.get(), "one resolution per callback");
        assertEquals(List.of("hooks.customer.test:" + port), hosts);
        assertEquals(List.of("{\"a\":1}"), bodies);
    }

    @Test
    void aRetryUsesTheSameCheckedAddress() throws Exception {
        AtomicInteger served = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(served.getAndIncrement() == 0 ? 503 : 200, -1);
            x.close();
        });
        server.start();
        AtomicInteger asked = new AtomicInteger();
        CallbackSender sender = new CallbackSender(true, rebinding(asked), PinnedHttpPost.defaultTls());
        assertEquals(CallbackSender.Outcome.DELIVERED,
                sender.send("http://hooks.customer.test:" + server.getAddress().getPort() + "/cb", "e2", "{}"));
        assertEquals(2, served.get());
        assertEquals(1, asked.get());
    }

    @Test
    void httpsSendsTheNameForSniAndTheCertificateMustNameIt(@TempDir Path dir) throws Exception {
        char[] pw = "changeit".toCharArray();
        Path ks = dir.resolve("cb.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "cb", "-keyalg", "EC",
                "-dname", "CN=hooks.customer.test", "-ext", "SAN=dns:hooks.customer.test", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), "keytool");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, pw);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, pw);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        serve(https);
        int port = https.getAddress().getPort();

        AtomicInteger asked = new AtomicInteger();
        CallbackSender sender = new CallbackSender(true, rebinding(asked), clientTls);
        assertEquals(CallbackSender.Outcome.DELIVERED,
                sender.send("https://hooks.customer.test:" + port + "/cb", "e3", "{}"));
        assertEquals(List.of("hooks.customer.test:" + port), hosts);

        // Same address, another name: the certificate does not name it, so nothing is sent.
        AtomicInteger again = new AtomicInteger();
        CallbackSender other = new CallbackSender(true, rebinding(again), clientTls);
        assertEquals(CallbackSender.Outcome.FAILED, other.send("https://elsewhere.test:" + port + "/cb", "e4", "{}"));
        assertEquals(1, hosts.size());
    }
}
