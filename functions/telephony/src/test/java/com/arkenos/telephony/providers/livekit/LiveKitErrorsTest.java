package com.arkenos.telephony.providers.livekit;

import com.arkenos.telephony.providers.ProviderException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one place LiveKit failures are classified, including shapes the sandbox does not produce. */
class LiveKitErrorsTest {

    @Test
    void plainText401FromAuthMiddleware_isPermanentUnauthenticated() {
        ProviderException e = LiveKitErrors.fromResponse("SIP.ListSIPInboundTrunk", 401,
                "invalid authorization token: go-jose/go-jose: error in cryptographic primitive");

        assertInstanceOf(ProviderException.Permanent.class, e);
        assertEquals("unauthenticated", e.providerCode());
        assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
    }

    @Test
    void htmlBadGatewayFromALoadBalancer_isTransient() {
        ProviderException e = LiveKitErrors.fromResponse("RoomService.CreateRoom", 502,
                "<html><body>502 Bad Gateway</body></html>");

        assertInstanceOf(ProviderException.Transient.class, e);
        assertEquals("unavailable", e.providerCode());
    }

    @Test
    void twirpUnavailable_isTransient_andFailedPrecondition_isPermanent() {
        assertInstanceOf(ProviderException.Transient.class, LiveKitErrors.fromResponse("op", 503,
                "{\"code\":\"unavailable\",\"msg\":\"no response from servers\"}"));
        assertInstanceOf(ProviderException.Permanent.class, LiveKitErrors.fromResponse("op", 412,
                "{\"code\":\"failed_precondition\",\"msg\":\"Multiple SIP Trunks matched\"}"));
        assertInstanceOf(ProviderException.Permanent.class, LiveKitErrors.fromResponse("op", 409,
                "{\"code\":\"already_exists\",\"msg\":\"exists\"}"));
    }

    @Test
    void dialFailureShapeSeenFromLiveKitCloud_isPermanentWithItsSipStatus() {
        // A CreateSIPParticipant error as a LiveKit Cloud user reported it (livekit/python-sdks#479).
        String body = "{\"code\":\"invalid_argument\",\"msg\":\"twirp error unknown: INVITE failed: sip status: "
                + "400 (BAD_REQUEST)\",\"meta\":{\"error_details\":\"CAMSLElOVklURSBmYWlsZWQ6IHNpcCBzdGF0dXM6IDQwMCAo"
                + "QkFEX1JFUVVFU1QpGiwKJXR5cGUuZ29vZ2xlYXBpcy5jb20vbGl2ZWtpdC5TSVBTdGF0dXMSAwiQAw==\","
                + "\"sip_status\":\"SIP_STATUS_BAD_REQUEST\",\"sip_status_code\":\"400\"}}";

        ProviderException e = LiveKitErrors.fromDialResponse("SIP.CreateSIPParticipant", 400, body);

        assertInstanceOf(ProviderException.Permanent.class, e);
        assertEquals("400", e.providerCode());
        SipCallFailure failure = SipCallFailure.of(e).orElseThrow();
        assertEquals(400, failure.sipStatusCode());
        assertEquals("SIP_STATUS_BAD_REQUEST", failure.sipStatus());
        assertEquals("invalid_argument", failure.twirpCode());
    }

    @Test
    void dialDeadlineWithoutSipStatus_isANoAnswerOutcome_butElsewhereItIsTransient() {
        String body = "{\"code\":\"deadline_exceeded\",\"msg\":\"context deadline exceeded\"}";

        ProviderException dial = LiveKitErrors.fromDialResponse("SIP.CreateSIPParticipant", 408, body);
        ProviderException other = LiveKitErrors.fromResponse("RoomService.CreateRoom", 408, body);

        assertInstanceOf(ProviderException.Permanent.class, dial);
        assertTrue(SipCallFailure.of(dial).orElseThrow().noAnswer());
        assertInstanceOf(ProviderException.Transient.class, other);
        assertTrue(SipCallFailure.of(other).isEmpty());
    }

    @Test
    void noResponse_isTransientWithoutStatusOrCode() {
        for (IOException cause : new IOException[]{new SocketTimeoutException("timeout"),
                new ConnectException("Connection refused"), new IOException("unexpected end of stream")}) {
            ProviderException e = LiveKitErrors.transport("SIP.ListSIPInboundTrunk", cause);

            assertInstanceOf(ProviderException.Transient.class, e);
            assertEquals(0, e.httpStatus());
            assertNull(e.providerCode());
            assertEquals(cause, e.getCause());
        }
    }
}
