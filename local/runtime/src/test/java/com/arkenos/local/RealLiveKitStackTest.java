package com.arkenos.local;

import com.arkenos.devkit.livekitserver.PortRange;
import com.arkenos.devkit.livekitserver.RealLiveKitServer;
import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.providers.Providers;
import com.arkenos.telephony.providers.livekit.DispatchRule;
import com.arkenos.telephony.providers.livekit.LiveKitGateway;
import com.arkenos.telephony.providers.livekit.SipInboundTrunk;
import com.fasterxml.jackson.databind.JsonNode;
import io.livekit.server.RoomServiceClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The local stack with the real livekit-server in place of the LiveKit sandbox, and the server's webhooks pointed
 * at the stack's webhook route, as `./stack start --livekit real` runs it: a number bought is on the real server's
 * inbound trunk with its dispatch rule, the lookup answers for it, the real server's signed webhooks are taken by
 * the webhook function, and the release takes the number off the real trunk. Skipped, with the reason, without the
 * binaries (local/livekit/install.sh).
 */
class RealLiveKitStackTest {
    private static final Set<String> SETTLED = Set.of("ACTIVE", "FAILED", "RELEASED");
    private static RealLiveKitServer server;
    private static LocalRuntime runtime;
    private static Telephony api;
    private static LiveKitGateway livekit;
    private static final List<String> lines = new CopyOnWriteArrayList<>();
    private static final Consumer<String> sink = lines::add;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(RealLiveKitServer.unavailableReason().isEmpty(),
                () -> "real LiveKit tests skipped: " + RealLiveKitServer.unavailableReason().orElse(""));
        int apiPort;
        // An ephemeral port, outside LiveKit's range, known before LiveKit starts so that its webhooks can name it.
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            apiPort = probe.getLocalPort();
        }
        server = RealLiveKitServer.start(Path.of("target/real-livekit/RealLiveKitStackTest").toAbsolutePath(),
                PortRange.fromEnvironment(), false, "http://127.0.0.1:" + apiPort + "/api/livekit/webhook");
        runtime = LocalRuntime.create(SamTemplate.find(), new LocalRuntime.Options(0, "127.0.0.1", true, null)
                .withTimeScale(0.01).withProcessEnv(Map.of("LIVEKIT_URL", server.url(),
                        "LIVEKIT_API_KEY", server.apiKey(), "LIVEKIT_API_SECRET", server.apiSecret(),
                        "LIVEKIT_SIP_URI", "127.0.0.1")));
        api = new Telephony(new Http("http://127.0.0.1:" + runtime.serve("127.0.0.1", apiPort).port()));
        livekit = new Providers(Env.of(runtime.host().environment("SweepFunction"))).livekit();
        Log.addSink(sink);
    }

    @AfterAll
    static void stop() {
        Log.removeSink(sink);
        if (runtime != null) {
            runtime.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aNumberOnTheRealServer_isRouted_itsWebhooksAreTaken_andItsReleaseTakesItOff() throws Exception {
        String user = "real-" + UUID.randomUUID();
        String agent = api.agent(user, "Front desk");
        String phone = api.search("510", 1).get(0).path("phone_number").asText();
        assertEquals(200, api.buy(user, phone, agent).status());
        JsonNode active = api.await(user, phone, SETTLED, Duration.ofSeconds(60));
        assertEquals("ACTIVE", active.path("status").asText(), active.toString());

        SipInboundTrunk trunk = livekit.listInboundTrunks().stream().filter(t -> t.numbers().contains(phone))
                .findFirst().orElseThrow(() -> new AssertionError("the number is on no trunk of the real server"));
        List<DispatchRule> rules = livekit.listDispatchRules().stream()
                .filter(r -> r.trunkIds().contains(trunk.id())).toList();
        assertEquals(1, rules.size(), rules.toString());
        assertEquals("arkenos-agent", rules.get(0).agentName());
        assertEquals(1, livekit.listOutboundTrunks().size(), "the outbound trunk, for the agent's calls");
        assertEquals(agent, api.lookup(phone).json().path("agent_id").asText());

        // The real server's webhooks, signed with its key, reach the stack's webhook function and are accepted.
        String room = "webhook-probe-" + UUID.randomUUID().toString().substring(0, 8);
        RoomServiceClient rooms = RoomServiceClient.createClient(server.url(), server.apiKey(), server.apiSecret());
        assertTrue(rooms.createRoom(room).execute().isSuccessful());
        assertTrue(rooms.deleteRoom(room).execute().isSuccessful());
        awaitWebhook("room_started", room);
        awaitWebhook("room_finished", room);
        assertTrue(lines.stream().noneMatch(l -> l.contains("\"webhook_refused\"")), "a webhook was refused");

        assertEquals(200, api.release(user, phone).status());
        assertEquals("RELEASED", api.await(user, phone, SETTLED, Duration.ofSeconds(60)).path("status").asText());
        assertTrue(livekit.listInboundTrunks().stream().noneMatch(t -> t.numbers().contains(phone)),
                "released: the number is on no trunk of the real server");
    }

    private static void awaitWebhook(String event, String room) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(15);
        while (lines.stream().noneMatch(l -> l.contains("\"webhook_received\"") && l.contains("\"" + event + "\"")
                && l.contains(room))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + event + " webhook for " + room + " within 15 s; server log:\n"
                        + server.logTail(30));
            }
            Thread.sleep(50);
        }
    }
}
