package com.arkenos.telephony.providers.livekit;

import com.arkenos.devkit.livekit.InboundCall;
import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.sun.net.httpserver.HttpServer;
import io.livekit.server.WebhookReceiver;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhooks signed by the sandbox pass the SDK's own WebhookReceiver; altered ones do not. */
class LiveKitWebhooksTest {
    private record Received(String body, String authorization, String contentType) {
    }

    @RegisterExtension
    static final LiveKitSandboxFixture fx = new LiveKitSandboxFixture();
    private static HttpServer receiver;
    private static final List<Received> received = new CopyOnWriteArrayList<>();
    private final LiveKitSandbox sandbox = fx.sandbox();

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/livekit/webhook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Content-Type")));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    @BeforeEach
    void receiveWebhooks() {
        received.clear();
        sandbox.setWebhookUrl("http://127.0.0.1:" + receiver.getAddress().getPort() + "/livekit/webhook");
    }

    private WebhookReceiver sdkReceiver() {
        return new WebhookReceiver(sandbox.apiKey(), sandbox.apiSecret());
    }

    @Test
    void inboundCallLifecycle_isDeliveredSignedAndInOrder() {
        String trunk = fx.gateway().createInboundTrunk("t", List.of("+15105550100"), List.of(), null).id();
        fx.gateway().createDispatchRule("r", "call", "agent", null, List.of(trunk), null);
        InboundCall call = sandbox.placeInboundCall("+15105550100", "+14155550123", "54.172.60.1");
        sandbox.hangUp(call.roomName(), call.participantIdentity());

        assertTrue(sandbox.drainWebhooks(Duration.ofSeconds(5)));

        List<WebhookEvent> events = received.stream().map(r -> sdkReceiver().receive(r.body(), r.authorization()))
                .toList();
        assertEquals(List.of("room_started", "participant_joined", "participant_left", "room_finished"),
                events.stream().map(WebhookEvent::getEvent).toList());
        assertTrue(events.stream().allMatch(e -> e.getRoom().getName().equals(call.roomName())));
        assertEquals("sip_+14155550123", events.get(1).getParticipant().getIdentity());
        assertTrue(received.stream().allMatch(r -> "application/webhook+json".equals(r.contentType())));
        assertTrue(sandbox.webhookDeliveries().stream().allMatch(d -> d.delivered()));
    }

    @Test
    void tamperedBody_isRejectedByTheSdk() {
        fx.gateway().createRoom("r", null, 60, null, null);
        assertTrue(sandbox.drainWebhooks(Duration.ofSeconds(5)));
        Received original = received.get(0);
        String tampered = original.body().replace("\"name\":\"r\"", "\"name\":\"someone-elses-room\"");
        assertTrue(!tampered.equals(original.body()), "the test must actually change the body");

        assertEquals("room_started", sdkReceiver().receive(original.body(), original.authorization()).getEvent());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sdkReceiver().receive(tampered, original.authorization()));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }

    @Test
    void signWebhook_isCheckedAgainstTheApiSecret() {
        String body = "{\"event\":\"room_finished\",\"room\":{\"name\":\"r\"}}";
        String signature = sandbox.signWebhook(body);

        assertEquals("room_finished", sdkReceiver().receive(body, signature).getEvent());
        assertThrows(JWTVerificationException.class,
                () -> new WebhookReceiver(sandbox.apiKey(), "another-secret").receive(body, signature));
    }
}
