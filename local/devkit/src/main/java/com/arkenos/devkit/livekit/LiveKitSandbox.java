package com.arkenos.devkit.livekit;

import com.arkenos.devkit.faults.FaultPlan;
import com.arkenos.devkit.http.ConnectionHeaders;
import com.arkenos.devkit.state.StateFile;
import com.sun.net.httpserver.HttpServer;
import livekit.LivekitAgentDispatch.AgentDispatch;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import livekit.LivekitWebhook.WebhookEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for LiveKit's server API on a loopback port: the Twirp services SIP, RoomService and
 * AgentDispatchService as the official SDKs call them (protobuf or JSON bodies, JWT bearer tokens with LiveKit's
 * grants, LiveKit's validation and error codes), simulated inbound calls and outbound call outcomes, signed webhooks,
 * and the shared {@link FaultPlan} for injected failures.
 *
 * <p>Outbound callees answer unless told otherwise: {@link #setDialOutcome} per number, or the convention of
 * {@link DialOutcome#byConvention} (numbers ending {@code 0486} busy, {@code 0480} unanswered, {@code 0603} declined,
 * {@code 0503} unreachable, {@code 0404} unknown).
 *
 * <p>What it does not do: media, SIP signalling, PIN prompts, pagination, inline outbound trunk configs on
 * CreateSIPParticipant, webhook retries, room expiry by {@code empty_timeout}, {@code max_call_duration}
 * (recorded, not enforced).
 */
public final class LiveKitSandbox implements AutoCloseable {
    /** The credentials {@code livekit-server --dev} uses. */
    public static final String DEFAULT_API_KEY = "devkey";
    public static final String DEFAULT_API_SECRET = "secret";

    private final HttpServer server;
    private final ExecutorService workers;
    private final String apiKey;
    private final String apiSecret;
    private final FaultPlan faults = new FaultPlan();
    private final SipInventory sip;
    private final StateFile state;
    private final RoomRegistry rooms;
    private final WebhookDispatcher webhooks;
    private final DialSimulator dials;
    private final InboundRouter inbound;

    private LiveKitSandbox(HttpServer server, ExecutorService workers, String apiKey, String apiSecret,
                           Path stateFile) {
        Clock clock = Clock.systemUTC();
        this.server = server;
        this.workers = workers;
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
        this.webhooks = new WebhookDispatcher(apiKey, apiSecret);
        this.sip = new SipInventory(clock);
        this.state = stateFile == null ? null : new StateFile(stateFile);
        if (state != null) {
            state.read().ifPresent(saved -> LiveKitState.restore(saved, sip));
            sip.onChange(() -> state.write(LiveKitState.snapshot(sip)));
            state.write(LiveKitState.snapshot(sip));
        }
        this.rooms = new RoomRegistry(clock, webhooks);
        this.dials = new DialSimulator(sip, rooms);
        this.inbound = new InboundRouter(sip, rooms);
        List<TwirpMethod> methods = new ArrayList<>(SipAdminApi.methods(sip));
        methods.add(dials.method());
        methods.addAll(RoomApi.methods(rooms));
        ConnectionHeaders.on(server.createContext("/twirp/",
                new TwirpEndpoint(methods, faults, new TokenVerifier(apiKey, apiSecret, clock))));
    }

    /** Starts on {@code port} (0 picks a free one) with the default dev credentials. */
    public static LiveKitSandbox start(int port) {
        return start(port, DEFAULT_API_KEY, DEFAULT_API_SECRET);
    }

    public static LiveKitSandbox start(int port, String apiKey, String apiSecret) {
        return start(port, apiKey, apiSecret, null);
    }

    /**
     * Like {@link #start(int, String, String)}, keeping SIP trunks and dispatch rules in {@code stateFile} (null:
     * in memory only): read at start when it exists, rewritten after every change.
     */
    public static LiveKitSandbox start(int port, String apiKey, String apiSecret, Path stateFile) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            // A pool, not one thread: CreateSIPParticipant with wait_until_answered holds its request while ringing.
            AtomicInteger n = new AtomicInteger();
            ExecutorService workers = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "livekit-sandbox-http-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(workers);
            LiveKitSandbox sandbox = new LiveKitSandbox(server, workers, apiKey, apiSecret, stateFile);
            server.start();
            return sandbox;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the LiveKit sandbox on port " + port, e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, the host to give the SDK clients. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String apiKey() {
        return apiKey;
    }

    public String apiSecret() {
        return apiSecret;
    }

    /** Where trunks and rules are kept, or empty when they live in memory only. */
    public Optional<Path> stateFile() {
        return Optional.ofNullable(state).map(StateFile::path);
    }

    /** Call counts and injected faults, by {@link LiveKitOperations} name. */
    public FaultPlan faults() {
        return faults;
    }

    /** Forgets everything: trunks, rules, rooms, dial outcomes and records, webhook records, faults and counts. */
    public void reset() {
        sip.clear();
        rooms.clear();
        dials.clear();
        webhooks.clear();
        faults.clearFaults();
        faults.resetCounts();
    }

    // --- inventory ---

    public List<SIPInboundTrunkInfo> inboundTrunks() {
        return sip.inboundTrunks();
    }

    public List<SIPOutboundTrunkInfo> outboundTrunks() {
        return sip.outboundTrunks();
    }

    public List<SIPDispatchRuleInfo> dispatchRules() {
        return sip.rules();
    }

    public List<Room> rooms() {
        return rooms.list(List.of());
    }

    public Optional<Room> room(String name) {
        return rooms.room(name);
    }

    /** The participants in {@code room}; empty when the room does not exist. */
    public List<ParticipantInfo> participants(String room) {
        return rooms.room(room).isPresent() ? rooms.participants(room) : List.of();
    }

    public Optional<ParticipantInfo> participant(String room, String identity) {
        return rooms.participant(room, identity);
    }

    public List<AgentDispatch> agentDispatches(String room) {
        return rooms.dispatches(room);
    }

    // --- inbound calls ---

    /**
     * Where LiveKit would send a call to {@code calledNumber} from {@code callerNumber} arriving from
     * {@code sourceAddress}.
     */
    public InboundRoute routeInbound(String calledNumber, String callerNumber, String sourceAddress) {
        return inbound.route(calledNumber, callerNumber, sourceAddress);
    }

    /**
     * Routes the call and, when it is accepted, creates its room (dispatching the rule's agents) and joins the caller.
     */
    public InboundCall placeInboundCall(String calledNumber, String callerNumber, String sourceAddress) {
        return inbound.place(calledNumber, callerNumber, sourceAddress);
    }

    /** The SIP side hangs up: the participant leaves, and the room finishes if it was the last one. */
    public boolean hangUp(String room, String identity) {
        return rooms.leave(room, identity, DisconnectReason.CLIENT_INITIATED);
    }

    /** Ends a room now: everybody leaves, then room_finished. */
    public void finishRoom(String room) {
        rooms.finish(room);
    }

    // --- outbound calls ---

    /** How calls to {@code number} end; numbers without a setting follow {@link DialOutcome#byConvention}. */
    public void setDialOutcome(String number, DialOutcome outcome) {
        dials.outcome(number, outcome);
    }

    /** How long the callee's side takes to give {@code outcome}'s final response. */
    public void setOutcomeDelay(DialOutcome outcome, Duration delay) {
        dials.delay(outcome, delay);
    }

    /** Every CreateSIPParticipant request received, in order, including refused ones. */
    public List<DialRequest> dialRequests() {
        return dials.requests();
    }

    // --- webhooks ---

    /** Where to POST webhooks; null stops delivery (events are still recorded). */
    public void setWebhookUrl(String url) {
        webhooks.url(url);
    }

    /** Waits until every queued webhook was delivered or failed; false if the timeout came first. */
    public boolean drainWebhooks(Duration timeout) {
        return webhooks.drain(timeout);
    }

    /** Every webhook event emitted since the last reset, delivered or not. */
    public List<WebhookEvent> webhookEvents() {
        return webhooks.events();
    }

    public List<WebhookDelivery> webhookDeliveries() {
        return webhooks.deliveries();
    }

    /** The {@code Authorization} header LiveKit would send with this webhook body. */
    public String signWebhook(String body) {
        return webhooks.sign(body);
    }

    /** The body LiveKit would send for this event. */
    public static String webhookBody(WebhookEvent event) {
        return WebhookDispatcher.toJson(event);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        dials.close();
        webhooks.close();
    }
}
