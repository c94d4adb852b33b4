package com.arkenos.telephony.priming;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.calls.CallStore;
import com.arkenos.telephony.handlers.calls.LiveKitWebhookHandler;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.testing.Events;
import io.livekit.server.AccessToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook primes signed events on stand-ins, then verifies with its own credentials and records the call. */
class LiveKitWebhookPrimingTest {
    @RegisterExtension
    static final PrimingFixture fx = new PrimingFixture();

    @Test
    void beforeCheckpoint_receivesSignedEventsOnStandIns_andTheFunctionThenUsesItsOwnCredentials() throws Exception {
        LiveKitWebhookHandler webhook = Env.hosting(fx.env("LiveKitWebhookFunction"), LiveKitWebhookHandler::new);

        List<String> lines = PrimingFixture.logged(() -> webhook.beforeCheckpoint(null));

        PrimingFixture.assertPrimed(lines, "LiveKitWebhookHandler");
        String all = String.join("\n", lines);
        assertEquals(2, lines.stream().filter(l -> l.contains("\"route\":\"POST /api/livekit/webhook\"")
                && l.contains("\"status\":200,")).count(), "a caller joined and the room finished:\n" + all);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"inbound_call\"")), all);
        assertTrue(PrimingFixture.served(lines, "POST /api/livekit/webhook", 401), "a forged event refused:\n" + all);
        assertTrue(PrimingFixture.standInRequests(lines, "dynamodb") > 0, all);
        fx.assertNothingReached();

        String phone = Seeds.newPhone();
        Seeds.number("owner-" + UUID.randomUUID(), phone, UUID.randomUUID().toString(), NumberStatus.ACTIVE, null);
        String room = "call-_+14155550123_" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"event\":\"participant_joined\",\"room\":{\"sid\":\"RM_t\",\"name\":\"" + room + "\"},"
                + "\"participant\":{\"sid\":\"PA_t\",\"identity\":\"sip_t\",\"kind\":\"SIP\",\"attributes\":{"
                + "\"sip.callID\":\"SCL_t\",\"sip.trunkPhoneNumber\":\"" + phone + "\",\"sip.phoneNumber\":\"+14155550123\","
                + "\"sip.callStatus\":\"active\"}},\"id\":\"EV_t\",\"createdAt\":\"1795510800\"}";
        HttpResponse forged = webhook.handle(event(body, sign(PrimingStage.LIVEKIT_API_KEY,
                PrimingStage.LIVEKIT_API_SECRET, body)));
        assertEquals(401, forged.status(), "an event signed with the priming credentials: " + forged.body());
        HttpResponse signed = webhook.handle(event(body, fx.livekit.signWebhook(body)));
        assertEquals(200, signed.status(), signed.body());
        assertEquals(1, new CallStore(Seeds.dynamo(), "CallsTable").callIdsInRoom(room).size(), "the call recorded");
        assertTrue(fx.reached("dynamodb"), "the function's own DynamoDB served the event: " + fx.reached());
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode event(String body, String authorization) {
        return Events.http("POST", "/api/livekit/webhook", Map.of("authorization", authorization,
                "content-type", "application/webhook+json"), body);
    }

    private static String sign(String key, String secret, String body) throws Exception {
        AccessToken token = new AccessToken(key, secret);
        token.setSha256(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(StandardCharsets.UTF_8))));
        return token.toJwt();
    }
}
