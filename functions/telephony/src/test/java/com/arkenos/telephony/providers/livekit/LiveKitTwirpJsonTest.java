package com.arkenos.telephony.providers.livekit;

import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.livekit.server.SIPAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sandbox speaks Twirp JSON too, with proto field names, as LiveKit's server does. */
class LiveKitTwirpJsonTest {
    @RegisterExtension
    static final LiveKitSandboxFixture fx = new LiveKitSandboxFixture();
    private final LiveKitSandbox sandbox = fx.sandbox();

    @Test
    void createInboundTrunk_withJsonBody_answersJsonWithProtoFieldNames() throws Exception {
        String admin = fx.bearer(List.of(), List.of(new SIPAdmin(true)));

        HttpResponse<String> created = fx.postJson("/twirp/livekit.SIP/CreateSIPInboundTrunk",
                "{\"trunk\":{\"name\":\"json trunk\",\"numbers\":[\"+15105550100\"],"
                        + "\"allowed_addresses\":[\"54.172.60.0/30\"]}}", admin);

        assertEquals(200, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode trunk = Json.parse(created.body());
        assertTrue(trunk.path("sip_trunk_id").asText().startsWith("ST_"), created.body());
        assertEquals("54.172.60.0/30", trunk.path("allowed_addresses").get(0).asText());
        assertEquals(trunk.path("sip_trunk_id").asText(), sandbox.inboundTrunks().get(0).getSipTrunkId());

        HttpResponse<String> listed = fx.postJson("/twirp/livekit.SIP/ListSIPInboundTrunk", "{}", admin);
        assertEquals("json trunk", Json.parse(listed.body()).path("items").get(0).path("name").asText());
    }

    @Test
    void invalidJsonRequest_answersTwirpErrorJson() throws Exception {
        String admin = fx.bearer(List.of(), List.of(new SIPAdmin(true)));

        HttpResponse<String> response = fx.postJson("/twirp/livekit.SIP/CreateSIPInboundTrunk",
                "{\"trunk\":{\"name\":\"no numbers, no addresses, no auth\"}}", admin);

        assertEquals(400, response.statusCode());
        JsonNode error = Json.parse(response.body());
        assertEquals("invalid_argument", error.path("code").asText());
        assertTrue(error.path("msg").asText().startsWith("for security"), response.body());
    }

    @Test
    void unknownMethod_isABadRoute() throws Exception {
        HttpResponse<String> response = fx.postJson("/twirp/livekit.SIP/NoSuchMethod", "{}", null);

        assertEquals(404, response.statusCode());
        assertEquals("bad_route", Json.parse(response.body()).path("code").asText());
    }

    @Test
    void waitingDialFailure_carriesSipStatusInTwirpMeta() throws Exception {
        String admin = fx.bearer(List.of(), List.of(new SIPAdmin(true), new io.livekit.server.SIPCall(true)));
        String trunk = Json.parse(fx.postJson("/twirp/livekit.SIP/CreateSIPOutboundTrunk",
                "{\"trunk\":{\"address\":\"acme.pstn.twilio.com\",\"numbers\":[\"+15105550100\"]}}", admin)
                .body()).path("sip_trunk_id").asText();

        HttpResponse<String> response = fx.postJson("/twirp/livekit.SIP/CreateSIPParticipant",
                "{\"sip_trunk_id\":\"" + trunk + "\",\"sip_call_to\":\"+14155550486\",\"room_name\":\"r\","
                        + "\"wait_until_answered\":true}", admin);

        assertEquals(429, response.statusCode());
        JsonNode error = Json.parse(response.body());
        assertEquals("resource_exhausted", error.path("code").asText());
        assertEquals("486", error.path("meta").path("sip_status_code").asText());
        assertEquals("Busy Here", error.path("meta").path("sip_status").asText());
        String details = new String(java.util.Base64.getDecoder().decode(
                error.path("meta").path("error_details").asText()), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(details.contains("type.googleapis.com/livekit.SIPStatus"), "google.rpc.Status with a SIPStatus");
        assertEquals("twirp error unknown: INVITE failed: sip status: 486: Busy Here", error.path("msg").asText());
    }
}
