package com.arkenos.local.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * A transparent HTTP relay between a gateway and its sandbox, for the one fault a sandbox cannot make: the provider
 * did the work, then the answer was lost (a timeout or reset after the commit). It forwards every request, names it
 * with the sandbox's operation name, and on request drops the response of the n-th call of an operation after the
 * sandbox served it. It can also run an action after the n-th call of an operation has been answered, which is how a
 * fault is aimed at a later call of an operation that a phase uses more than once.
 */
final class Relay implements AutoCloseable {
    /** Headers the client sets itself, and hop-by-hop headers. */
    private static final Set<String> SKIP_REQUEST = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "transfer-encoding", "keep-alive");
    private static final Set<String> SKIP_RESPONSE = Set.of("content-length", "transfer-encoding", "connection",
            "date", "keep-alive");

    private record Upstream(int status, Header[] headers, byte[] body) {}

    private record Rule(String operation, int occurrence, Runnable action, boolean dropResponse, AtomicInteger seen) {}

    private final Map<String, Long> holds = new ConcurrentHashMap<>();

    private final HttpServer server;
    private final ExecutorService executor;
    private final CloseableHttpClient client;
    private final URI target;
    private final BiFunction<String, String, String> namer;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> dropped = new ConcurrentHashMap<>();

    private Relay(String target, BiFunction<String, String, String> namer) throws IOException {
        this.target = URI.create(target);
        this.namer = namer;
        // Never retry and never reuse a connection: a client that retries a GET on a dropped pooled connection
        // (the JDK's does) would hide an injected RESET or TIMEOUT from the gateway under test.
        this.client = HttpClients.custom().disableAutomaticRetries().disableCookieManagement()
                .setConnectionReuseStrategy((request, response, context) -> false)
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(256)
                        .setMaxConnPerRoute(256).setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5)).setSocketTimeout(Timeout.ofSeconds(60))
                                .build())
                        .build())
                .build();
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "relay-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(executor);
        server.createContext("/", this::relay);
        server.start();
    }

    static Relay twilio(String sandboxBaseUrl) {
        return start(sandboxBaseUrl, Relay::twilioOperation);
    }

    static Relay livekit(String sandboxUrl) {
        return start(sandboxUrl, Relay::livekitOperation);
    }

    private static Relay start(String target, BiFunction<String, String, String> namer) {
        try {
            return new Relay(target, namer);
        } catch (IOException e) {
            throw new IllegalStateException("relay did not start", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The response to the {@code occurrence}-th call of {@code operation} (from now, 1-based) is lost. */
    void loseResponse(String operation, int occurrence) {
        rules.add(new Rule(operation, occurrence, null, true, new AtomicInteger()));
    }

    /**
     * Holds every call of {@code operation} {@code millis} before passing it on: with a longer hold than the gateway's
     * read timeout, the provider does the work after the caller gave up (a slow commit).
     */
    void holdRequests(String operation, long millis) {
        holds.put(operation, millis);
    }

    /** Runs {@code action} once the {@code afterCalls}-th call of {@code operation} (from now) was answered. */
    void after(String operation, int afterCalls, Runnable action) {
        if (afterCalls <= 0) {
            action.run();
            return;
        }
        rules.add(new Rule(operation, afterCalls, action, false, new AtomicInteger()));
    }

    /** How many responses were dropped for {@code operation} since the last {@link #clear()}. */
    int dropped(String operation) {
        AtomicInteger n = dropped.get(operation);
        return n == null ? 0 : n.get();
    }

    /** Whether every armed rule has fired. */
    boolean allFired() {
        return rules.stream().allMatch(r -> r.seen().get() >= r.occurrence());
    }

    void clear() {
        rules.clear();
        dropped.clear();
        holds.clear();
    }

    private void relay(HttpExchange ex) {
        try (ex) {
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            ClassicRequestBuilder b = ClassicRequestBuilder.create(method)
                    .setUri(target.resolve(path + (query == null ? "" : "?" + query)));
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (body.length > 0 || type != null) {
                // An empty protobuf message is an empty body that still has its content type.
                b.setEntity(new ByteArrayEntity(body, type == null ? null : ContentType.parse(type)));
            }
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!SKIP_REQUEST.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("content-type")) {
                    values.forEach(v -> b.addHeader(name, v));
                }
            });
            ClassicHttpRequest request = b.build();
            Long hold = holds.get(namer.apply(method, path));
            if (hold != null) {
                try {
                    Thread.sleep(hold);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Upstream response;
            try {
                response = client.execute(request, r -> new Upstream(r.getCode(), r.getHeaders(),
                        r.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(r.getEntity())));
            } catch (IOException upstreamDropped) {
                return; // the sandbox dropped the connection (an injected TIMEOUT or RESET): so does the relay
            }
            String operation = namer.apply(method, path);
            boolean drop = false;
            for (Rule r : rules) {
                if (r.operation().equals(operation) && r.seen().get() < r.occurrence()
                        && r.seen().incrementAndGet() == r.occurrence()) {
                    if (r.dropResponse()) {
                        drop = true;
                    } else {
                        r.action().run();
                    }
                }
            }
            if (drop) {
                dropped.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
                return; // closing without a response: the work is done, the answer is lost
            }
            for (Header h : response.headers()) {
                if (!SKIP_RESPONSE.contains(h.getName().toLowerCase(Locale.ROOT))) {
                    ex.getResponseHeaders().add(h.getName(), h.getValue());
                }
            }
            byte[] out = response.body();
            ex.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (IOException e) {
            // the gateway went away (its read timeout): nothing to answer
        }
    }

    // ------------------------------------------------------------------ operation names, as the sandboxes count them

    private record Op(String method, Pattern path, String name) {}

    private static final String ACC = "/api/2010-04-01/Accounts/[^/]+";
    private static final String TRUNK = "/trunking/v1/Trunks/[^/]+";
    private static final List<Op> TWILIO = List.of(
            op("GET", ACC + "/AvailablePhoneNumbers/[^/]+/[^/]+\\.json", "AvailablePhoneNumbers.list"),
            op("POST", ACC + "/IncomingPhoneNumbers\\.json", "IncomingPhoneNumbers.create"),
            op("GET", ACC + "/IncomingPhoneNumbers\\.json", "IncomingPhoneNumbers.list"),
            op("GET", ACC + "/IncomingPhoneNumbers/[^/]+\\.json", "IncomingPhoneNumbers.fetch"),
            op("POST", ACC + "/SIP/CredentialLists\\.json", "CredentialLists.create"),
            op("GET", ACC + "/SIP/CredentialLists\\.json", "CredentialLists.list"),
            op("POST", ACC + "/SIP/CredentialLists/[^/]+/Credentials\\.json", "Credentials.create"),
            op("GET", ACC + "/SIP/CredentialLists/[^/]+/Credentials\\.json", "Credentials.list"),
            op("DELETE", ACC + "/SIP/CredentialLists/[^/]+/Credentials/[^/]+\\.json", "Credentials.delete"),
            op("POST", ACC + "/SIP/IpAccessControlLists\\.json", "IpAccessControlLists.create"),
            op("GET", ACC + "/SIP/IpAccessControlLists\\.json", "IpAccessControlLists.list"),
            op("POST", "/trunking/v1/Trunks", "Trunks.create"),
            op("GET", "/trunking/v1/Trunks", "Trunks.list"),
            op("GET", TRUNK, "Trunks.fetch"),
            op("POST", TRUNK, "Trunks.update"),
            op("DELETE", TRUNK, "Trunks.delete"),
            op("POST", TRUNK + "/OriginationUrls", "OriginationUrls.create"),
            op("GET", TRUNK + "/OriginationUrls", "OriginationUrls.list"),
            op("DELETE", TRUNK + "/OriginationUrls/[^/]+", "OriginationUrls.delete"),
            op("POST", TRUNK + "/PhoneNumbers", "TrunkPhoneNumbers.create"),
            op("GET", TRUNK + "/PhoneNumbers", "TrunkPhoneNumbers.list"),
            op("GET", TRUNK + "/PhoneNumbers/[^/]+", "TrunkPhoneNumbers.fetch"),
            op("DELETE", TRUNK + "/PhoneNumbers/[^/]+", "TrunkPhoneNumbers.delete"),
            op("POST", TRUNK + "/CredentialLists", "TrunkCredentialLists.create"),
            op("GET", TRUNK + "/CredentialLists", "TrunkCredentialLists.list"),
            op("DELETE", TRUNK + "/CredentialLists/[^/]+", "TrunkCredentialLists.delete"),
            op("POST", TRUNK + "/IpAccessControlLists", "TrunkIpAccessControlLists.create"),
            op("GET", TRUNK + "/IpAccessControlLists", "TrunkIpAccessControlLists.list"));

    private static Op op(String method, String regex, String name) {
        return new Op(method, Pattern.compile(regex), name);
    }

    static String twilioOperation(String method, String path) {
        for (Op o : TWILIO) {
            if (o.method().equals(method) && o.path().matcher(path).matches()) {
                return o.name();
            }
        }
        return method + " " + path;
    }

    /** {@code /twirp/livekit.SIP/CreateSIPInboundTrunk} is {@code SIP.CreateSIPInboundTrunk}. */
    static String livekitOperation(String method, String path) {
        String[] parts = path.split("/");
        if (parts.length == 4 && parts[1].equals("twirp")) {
            String service = parts[2];
            return service.substring(service.lastIndexOf('.') + 1) + "." + parts[3];
        }
        return method + " " + path;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            client.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
