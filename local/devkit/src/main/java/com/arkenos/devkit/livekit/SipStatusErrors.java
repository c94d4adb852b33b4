package com.arkenos.devkit.livekit;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import livekit.LivekitSip.SIPStatus;
import livekit.LivekitSip.SIPStatusCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * The error LiveKit returns when a CreateSIPParticipant call waiting for the answer fails at the SIP level
 * (livekit/protocol livekit/sip.go SIPStatus.GRPCStatus and TwirpErrorMeta, utils/xtwirp):
 * the Twirp code is derived from the SIP status (486 gives {@code resource_exhausted}, so HTTP 429), and the meta
 * carries {@code sip_status_code}, {@code sip_status} and {@code error_details} (a base64 google.rpc.Status whose
 * details hold the livekit.SIPStatus). An observed message: {@code twirp error unknown: INVITE failed: sip status:
 * 400 (BAD_REQUEST)}.
 */
final class SipStatusErrors {
    private SipStatusErrors() {
    }

    static TwirpError of(int sipStatus, String reason) {
        String twirpCode = twirpCode(sipStatus);
        String shortName = shortName(sipStatus);
        String detail = "INVITE failed: sip status: " + sipStatus
                + (reason.isEmpty() ? " (" + shortName + ")" : ": " + reason);
        String metaStatus = reason.isEmpty() ? "SIP_STATUS_" + shortName : reason;
        return new TwirpError(twirpCode, "twirp error unknown: " + detail, Map.of(
                "sip_status_code", Integer.toString(sipStatus),
                "sip_status", metaStatus,
                "error_details", errorDetails(grpcCode(twirpCode), detail, sipStatus, reason)));
    }

    /** LiveKit's sipCodeToGRPCCode table, expressed as Twirp codes, with its fallbacks by class. */
    static String twirpCode(int sip) {
        return switch (sip) {
            case 401, 402, 403, 433, 470, 603, 607, 608 -> "permission_denied";
            case 301, 302, 404, 410, 481, 604 -> "not_found";
            case 407, 428, 436, 437, 438, 494 -> "unauthenticated";
            case 408, 504 -> "deadline_exceeded";
            case 409, 412, 482, 483, 500, 501, 502, 503 -> "failed_precondition";
            case 416 -> "out_of_range";
            case 440, 480, 486, 600 -> "resource_exhausted";
            case 487, 491 -> "aborted";
            default -> sip >= 500 && sip < 600 ? "failed_precondition" : "invalid_argument";
        };
    }

    private static int grpcCode(String twirpCode) {
        return switch (twirpCode) {
            case "invalid_argument" -> 3;
            case "deadline_exceeded" -> 4;
            case "not_found" -> 5;
            case "permission_denied" -> 7;
            case "resource_exhausted" -> 8;
            case "failed_precondition" -> 9;
            case "aborted" -> 10;
            case "out_of_range" -> 11;
            case "unauthenticated" -> 16;
            default -> 2;
        };
    }

    private static String shortName(int sip) {
        SIPStatusCode code = SIPStatusCode.forNumber(sip);
        return code == null ? Integer.toString(sip) : code.name().substring("SIP_STATUS_".length());
    }

    /** google.rpc.Status {code=1, message=2, details=3 (Any)}, hand-encoded: the type is not on the classpath. */
    private static String errorDetails(int grpcCode, String message, int sipStatus, String reason) {
        SIPStatus status = SIPStatus.newBuilder().setCodeValue(sipStatus).setStatus(reason).build();
        Any detail = Any.newBuilder().setTypeUrl("type.googleapis.com/livekit.SIPStatus")
                .setValue(status.toByteString()).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeInt32(1, grpcCode);
            out.writeBytes(2, ByteString.copyFromUtf8(message));
            out.writeMessage(3, detail);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
