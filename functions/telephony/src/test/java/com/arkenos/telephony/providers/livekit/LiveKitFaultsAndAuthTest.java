package com.arkenos.telephony.providers.livekit;

import com.arkenos.devkit.faults.Fault;
import com.arkenos.devkit.livekit.LiveKitOperations;
import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.telephony.providers.ProviderException;
import io.livekit.server.RoomAdmin;
import io.livekit.server.RoomCreate;
import io.livekit.server.RoomName;
import io.livekit.server.SIPAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Injected faults and refused credentials, each classified as the caller must retry it (or not). */
class LiveKitFaultsAndAuthTest {
    @RegisterExtension
    static final LiveKitSandboxFixture fx = new LiveKitSandboxFixture();
    private final LiveKitSandbox sandbox = fx.sandbox();
    private final LiveKitGateway gateway = fx.gateway();

    @BeforeEach
    void holdTimeoutsLongerThanTheReadTimeout() {
        sandbox.faults().timeoutHoldMillis(1_500); // the gateway gives up after 700 ms
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "RATE_LIMITED, true,  429, resource_exhausted",
            "SERVER_ERROR, true,  500, internal",
            "TIMEOUT,      true,  0,   ",
            "RESET,        true,  0,   ",
            "PERMANENT,    false, 400, invalid_argument"})
    void createInboundTrunk_whenFaultInjected_classifiesIt(Fault fault, boolean retryable, int status, String code) {
        sandbox.faults().failNext(LiveKitOperations.SIP_CREATE_INBOUND_TRUNK, 1, fault);

        ProviderException e = assertThrows(ProviderException.class,
                () -> gateway.createInboundTrunk("t", List.of("+15105550100"), List.of(), null));

        assertEquals(retryable, e.transient_());
        assertEquals(retryable ? ProviderException.Transient.class : ProviderException.Permanent.class, e.getClass());
        assertEquals(status, e.httpStatus());
        assertEquals(code, e.providerCode());
        assertEquals("livekit", e.provider());
        assertEquals("SIP.CreateSIPInboundTrunk", e.operation());
        assertTrue(sandbox.inboundTrunks().isEmpty(), "the faulted call stored nothing");
        assertEquals(1, sandbox.faults().calls(LiveKitOperations.SIP_CREATE_INBOUND_TRUNK), "no silent retry");
    }

    @Test
    void afterAFault_theNextCallSucceeds() {
        sandbox.faults().failNext(LiveKitOperations.ROOM_CREATE, 1, Fault.SERVER_ERROR);

        assertThrows(ProviderException.Transient.class, () -> gateway.createRoom("r", null, 60, null, null));
        gateway.createRoom("r", null, 60, null, null);

        assertTrue(sandbox.room("r").isPresent());
    }

    @Test
    void dial_whenRateLimitedWithoutSipStatus_isTransient() {
        String trunk = gateway.createOutboundTrunk("o", "acme.pstn.twilio.com", List.of("+15105550100"),
                null, null, null).id();
        sandbox.faults().failNext(LiveKitOperations.SIP_CREATE_PARTICIPANT, 1, Fault.RATE_LIMITED);

        ProviderException e = assertThrows(ProviderException.Transient.class, () -> gateway.dial(
                OutboundDial.builder(trunk, "+14155550123", "room").waitUntilAnswered(true).build()));

        assertEquals("resource_exhausted", e.providerCode());
        assertTrue(SipCallFailure.of(e).isEmpty(), "a 429 without SIP meta is a rate limit, not a busy callee");
        assertTrue(sandbox.dialRequests().isEmpty());
    }

    @Test
    void anyCall_whenApiSecretIsWrong_throwsPermanentUnauthenticated() {
        SdkLiveKitGateway wrong = new SdkLiveKitGateway(fx.credentials("not-the-secret"), LiveKitSandboxFixture.FAST);

        ProviderException e = assertThrows(ProviderException.Permanent.class, wrong::listInboundTrunks);

        assertEquals(401, e.httpStatus());
        assertEquals("unauthenticated", e.providerCode());
        assertFalse(e.getMessage().contains("not-the-secret"), "the secret never appears in errors");
        assertFalse(e.getMessage().contains(sandbox.apiSecret()));
    }

    @Test
    void sipAdminMethod_whenTokenLacksTheSipGrant_isRefusedWith403() throws Exception {
        String roomOnly = fx.bearer(List.of(new RoomCreate(true)), List.of());

        HttpResponse<String> response = fx.postJson("/twirp/livekit.SIP/ListSIPInboundTrunk", "{}", roomOnly);

        assertEquals(403, response.statusCode());
        ProviderException e = LiveKitErrors.fromResponse("SIP.ListSIPInboundTrunk", response.statusCode(),
                response.body());
        assertEquals(ProviderException.Permanent.class, e.getClass());
        assertEquals("permission_denied", e.providerCode());
    }

    @Test
    void createSipParticipant_needsTheSipCallGrant_notSipAdmin() throws Exception {
        String adminOnly = fx.bearer(List.of(), List.of(new SIPAdmin(true)));

        HttpResponse<String> response = fx.postJson("/twirp/livekit.SIP/CreateSIPParticipant",
                "{\"sip_trunk_id\":\"ST_x\",\"sip_call_to\":\"+14155550123\",\"room_name\":\"r\"}", adminOnly);

        assertEquals(403, response.statusCode());
        assertTrue(sandbox.dialRequests().isEmpty());
    }

    @Test
    void listParticipants_needsRoomAdminForThatRoom() throws Exception {
        gateway.createRoom("room-a", null, 60, null, null);
        String adminOfB = fx.bearer(List.of(new RoomAdmin(true), new RoomName("room-b")), List.of());

        HttpResponse<String> response = fx.postJson("/twirp/livekit.RoomService/ListParticipants",
                "{\"room\":\"room-a\"}", adminOfB);

        assertEquals(403, response.statusCode());
    }

    @Test
    void request_withoutToken_isRefusedWith401() throws Exception {
        HttpResponse<String> response = fx.postJson("/twirp/livekit.SIP/ListSIPInboundTrunk", "{}", null);

        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("\"code\":\"unauthenticated\""), response.body());
    }

    @Test
    void deleteRoom_whenAlreadyGone_isNotAnError_butOtherPermanentFailuresAre() {
        gateway.deleteRoom("never-existed");
        sandbox.faults().failNext(LiveKitOperations.ROOM_DELETE, 1, Fault.RATE_LIMITED);

        ProviderException e = assertThrows(ProviderException.Transient.class, () -> gateway.deleteRoom("x"));

        assertNull(SipCallFailure.of(e).orElse(null));
        assertEquals(2, sandbox.faults().calls(LiveKitOperations.ROOM_DELETE));
    }
}
