package com.arkenos.devkit.twilio;

import com.arkenos.devkit.faults.FaultPlan;
import com.arkenos.devkit.http.ConnectionHeaders;
import com.arkenos.devkit.state.StateFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A wire-compatible stand-in for the parts of Twilio's REST API that provisioning uses: number search and purchase
 * (API 2010-04-01), SIP credential and IP access control lists, and Elastic SIP Trunking v1.
 *
 * <p>Requests arrive as {@code baseUrl() + "/" + product + path}, where product is the first label of Twilio's
 * host: {@code /api/2010-04-01/Accounts/{AccountSid}/...} and {@code /trunking/v1/Trunks/...}. Responses,
 * status codes and errors follow Twilio's OpenAPI documents. Every call is counted per operation by
 * {@link #faults()}, which can also make the next calls fail (see {@link TwilioOperations} for the names).
 *
 * <p>Thread-safe: requests are served concurrently, and all inventory reads and writes share one lock.
 */
public final class TwilioSandbox implements AutoCloseable {
    /** A fixed, obviously fake account so that local configuration can be written once. */
    public static final String DEFAULT_ACCOUNT_SID = "ACc4aaea891b51c1247fc73eca16b4f1df";
    public static final String DEFAULT_AUTH_TOKEN = "8138c756ee6f6cd26173ba4bbc682162";
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server writes response headers and body separately; with Nagle's algorithm on, the body waits
        // for the client's delayed ACK, about 40 ms per keep-alive request on Linux. The JDK reads this property
        // once, when the first HttpServer of the JVM starts, so it is set here unless someone chose otherwise.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    private final String accountSid;
    private final String authToken;
    private final FaultPlan faults = new FaultPlan();
    private final Object lock = new Object();
    private final StateFile state;
    private final Sids sids;
    private final NumberInventory numbers;
    private final SipInventory sip;
    private final TrunkInventory trunks;
    private final HttpServer server;
    private final ExecutorService executor;

    private TwilioSandbox(int port, String accountSid, String authToken, Path stateFile) throws IOException {
        if (accountSid == null || !accountSid.matches("AC[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException("An account SID is AC followed by 32 hex digits");
        }
        if (authToken == null || authToken.isBlank()) {
            throw new IllegalArgumentException("An auth token is required");
        }
        this.accountSid = accountSid;
        this.authToken = authToken;
        Clock clock = Clock.systemUTC();
        NumberPlans plans = NumberPlans.standard();
        this.state = stateFile == null ? null : new StateFile(stateFile);
        Optional<JsonNode> saved = state == null ? Optional.empty() : state.read();
        // In memory the SIDs are reproducible; a kept account gets a seed of its own, saved with it.
        this.sids = new Sids(state == null ? accountSid : saved.map(s -> s.path("sid_seed").asText(""))
                .filter(s -> !s.isEmpty()).orElse(accountSid + ":" + UUID.randomUUID()));
        this.numbers = new NumberInventory(plans, sids, clock);
        this.sip = new SipInventory(sids, clock);
        this.trunks = new TrunkInventory(sids, clock, numbers, sip);
        saved.ifPresent(s -> TwilioState.restore(s, sids, numbers, sip, trunks));
        save();
        Routes routes = new Routes(
                new NumberHandlers(plans, numbers, new V2010Json(accountSid)),
                new SipHandlers(sip, new V2010Json(accountSid)),
                new TrunkHandlers(trunks, sip, new TrunkingJson(accountSid)));

        this.executor = Executors.newCachedThreadPool(daemonThreads());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ConnectionHeaders.on(server.createContext("/",
                new SandboxHttpHandler(routes.all(), faults, accountSid, authToken, lock, this::save)));
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a sandbox on {@code port} (0 picks a free one) with {@link #DEFAULT_ACCOUNT_SID}. */
    public static TwilioSandbox start(int port) {
        return start(port, DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN);
    }

    public static TwilioSandbox start(int port, String accountSid, String authToken) {
        return start(port, accountSid, authToken, null);
    }

    /**
     * Like {@link #start(int, String, String)}, keeping the account in {@code stateFile} (null: in memory only):
     * read at start when it exists, rewritten after every change.
     */
    public static TwilioSandbox start(int port, String accountSid, String authToken, Path stateFile) {
        try {
            return new TwilioSandbox(port, accountSid, authToken, stateFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Twilio sandbox on port " + port, e);
        }
    }

    /** For example {@code http://127.0.0.1:54321}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String accountSid() {
        return accountSid;
    }

    public String authToken() {
        return authToken;
    }

    public FaultPlan faults() {
        return faults;
    }

    public List<SandboxNumber> ownedNumbers() {
        synchronized (lock) {
            return numbers.all().stream().map(TwilioSandbox::toSandboxNumber).toList();
        }
    }

    public Optional<SandboxNumber> ownedNumber(String phoneNumber) {
        synchronized (lock) {
            return numbers.byPhoneNumber(phoneNumber).map(TwilioSandbox::toSandboxNumber);
        }
    }

    /** How many times {@code phoneNumber} was successfully bought since the last {@link #reset()}. */
    public int purchases(String phoneNumber) {
        synchronized (lock) {
            return numbers.purchases(phoneNumber);
        }
    }

    public List<SandboxTrunk> trunks() {
        synchronized (lock) {
            return trunks.all().stream().map(TwilioSandbox::toSandboxTrunk).toList();
        }
    }

    public Optional<SandboxTrunk> trunk(String sid) {
        synchronized (lock) {
            return trunks.find(sid).map(TwilioSandbox::toSandboxTrunk);
        }
    }

    public List<SandboxCredentialList> credentialLists() {
        synchronized (lock) {
            return sip.credentialLists().stream()
                    .map(l -> new SandboxCredentialList(l.sid, l.friendlyName,
                            l.credentials.values().stream().map(Model.Credential::username).toList()))
                    .toList();
        }
    }

    public List<SandboxIpAccessControlList> ipAccessControlLists() {
        synchronized (lock) {
            return sip.ipAccessControlLists().stream()
                    .map(a -> new SandboxIpAccessControlList(a.sid, a.friendlyName,
                            a.addresses.values().stream().map(Model.IpAddress::ipAddress).toList()))
                    .toList();
        }
    }

    /** Where the account is kept, or empty when it lives in memory only. */
    public Optional<Path> stateFile() {
        return Optional.ofNullable(state).map(StateFile::path);
    }

    /**
     * Forgets every resource, purchase count, call count and pending fault; the server keeps running. A kept
     * account also keeps its SID counters, so that SIDs still never repeat.
     */
    public void reset() {
        synchronized (lock) {
            trunks.clear();
            sip.clear();
            numbers.clear();
            if (state == null) {
                sids.reset();
            }
            save();
        }
        faults.clearFaults();
        faults.resetCounts();
    }

    /** Writes the account to its state file; called under the lock after each change. */
    private void save() {
        if (state != null) {
            synchronized (lock) {
                state.write(TwilioState.snapshot(sids, numbers, sip, trunks));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        // Interrupts handlers that are holding a TIMEOUT fault, so closing never waits for them.
        executor.shutdownNow();
    }

    private static SandboxNumber toSandboxNumber(Model.OwnedNumber n) {
        return new SandboxNumber(n.sid, n.number.phoneNumber(), n.friendlyName, n.number.isoCountry(),
                n.number.kind().type(), n.trunkSid);
    }

    private static SandboxTrunk toSandboxTrunk(Model.Trunk t) {
        List<SandboxOriginationUrl> urls = t.originationUrls.values().stream()
                .map(u -> new SandboxOriginationUrl(u.sid(), u.friendlyName(), u.sipUrl(), u.priority(), u.weight(),
                        u.enabled()))
                .toList();
        return new SandboxTrunk(t.sid, t.friendlyName, t.domainName, urls, copy(t.phoneNumbers.keySet()),
                copy(t.credentialLists.keySet()), copy(t.ipAccessControlLists.keySet()));
    }

    private static Set<String> copy(Set<String> sids) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(sids));
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "twilio-sandbox-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public String toString() {
        return "TwilioSandbox[" + baseUrl() + ", account=" + accountSid + "]";
    }
}
