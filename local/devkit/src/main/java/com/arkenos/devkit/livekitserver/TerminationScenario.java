package com.arkenos.devkit.livekitserver;

/**
 * A sipp scenario playing Twilio's termination URI for one outbound call, as Twilio treats a call from LiveKit: it
 * challenges the first INVITE (401, digest), checks the second one's credentials against the trunk's credential
 * list and its caller ID (the From user) against the number the call must come from, then ends as {@link Outcome}
 * says. Wrong credentials get 403 and a wrong caller ID ends the call unanswered; sipp exits non-zero either way.
 *
 * <p>The challenge is a 401 with WWW-Authenticate rather than Twilio's 407: sipp's {@code verifyauth} reads the
 * {@code Authorization} header only, and LiveKit's bridge answers both challenges the same way.
 */
public record TerminationScenario(String username, String password, String callerId, Outcome outcome) {

    /** How the callee's side ends the call. */
    public enum Outcome {
        /** Rings, answers (200 with a PCMU offer), and stays up until LiveKit hangs up (BYE). */
        ANSWER,
        /** 486 Busy Here. */
        BUSY,
        /** 480 Temporarily Unavailable. */
        UNAVAILABLE,
        /** Rings and never answers, until LiveKit gives up (CANCEL, then 487). */
        NO_ANSWER
    }

    /** The first challenge's To tag, and the dialog's (every later response to the INVITE). */
    private static final String CHALLENGE_TAG = ";tag=[pid]SIPpTag01[call_number]";
    private static final String DIALOG_TAG = ";tag=[pid]SIPpTag02[call_number]";

    public TerminationScenario {
        for (String v : new String[]{username, password, callerId}) {
            if (!v.matches("[A-Za-z0-9+._-]+")) {
                throw new IllegalArgumentException("not usable in a sipp scenario: " + v);
            }
        }
    }

    public String xml() {
        return String.join("\n",
                "<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>",
                "<scenario name=\"Twilio termination: " + outcome + "\">",
                "  <recv request=\"INVITE\"/>",
                send("401 Unauthorized", CHALLENGE_TAG, "[last_CSeq:]", "WWW-Authenticate: Digest"
                        + " realm=\"sip.twilio.com\", nonce=\"[pid]n[call_number]\", algorithm=MD5"),
                "  <recv request=\"ACK\"/>",
                "  <recv request=\"INVITE\">",
                "    <action>",
                "      <ereg regexp=\"sip:\\" + callerId + "@\" search_in=\"hdr\" header=\"From:\" check_it=\"true\""
                        + " assign_to=\"caller\"/>",
                "      <ereg regexp=\"[0-9]+\" search_in=\"hdr\" header=\"CSeq:\" assign_to=\"cseq\"/>",
                "      <verifyauth assign_to=\"authorized\" username=\"" + username + "\" password=\"" + password
                        + "\"/>",
                "      <!-- sipp refuses a scenario with a variable it never reads -->",
                "      <log message=\"INVITE from [$caller], CSeq [$cseq]\"/>",
                "    </action>",
                "  </recv>",
                "  <nop hide=\"true\" test=\"authorized\" next=\"authorized\"/>",
                send("403 Forbidden", DIALOG_TAG, "[last_CSeq:]", null),
                "  <recv request=\"ACK\"/>",
                "  <!-- refused credentials: wait for a request that never comes, so the scenario fails -->",
                "  <recv request=\"WRONG_CREDENTIALS\" timeout=\"100\"/>",
                "  <label id=\"authorized\"/>",
                ending(),
                "</scenario>",
                "");
    }

    private String ending() {
        return switch (outcome) {
            case BUSY -> send("486 Busy Here", DIALOG_TAG, "[last_CSeq:]", null) + "\n  <recv request=\"ACK\"/>";
            case UNAVAILABLE -> send("480 Temporarily Unavailable", DIALOG_TAG, "[last_CSeq:]", null)
                    + "\n  <recv request=\"ACK\"/>";
            case ANSWER -> String.join("\n",
                    send("180 Ringing", DIALOG_TAG, "[last_CSeq:]", null),
                    "  <pause milliseconds=\"300\"/>",
                    send("200 OK", DIALOG_TAG, "[last_CSeq:]",
                            "Contact: <sip:[local_ip]:[local_port];transport=[transport]>",
                            "v=0", "o=twilio 1 1 IN IP[local_ip_type] [local_ip]", "s=-",
                            "c=IN IP[media_ip_type] [media_ip]", "t=0 0", "m=audio [media_port] RTP/AVP 0",
                            "a=rtpmap:0 PCMU/8000"),
                    "  <recv request=\"ACK\"/>",
                    "  <recv request=\"BYE\"/>",
                    // The BYE's To already carries this side's tag.
                    send("200 OK", "", "[last_CSeq:]", null));
            case NO_ANSWER -> String.join("\n",
                    send("180 Ringing", DIALOG_TAG, "[last_CSeq:]", null),
                    "  <recv request=\"CANCEL\"/>",
                    send("200 OK", DIALOG_TAG, "[last_CSeq:]", null),
                    send("487 Request Terminated", DIALOG_TAG, "CSeq: [$cseq] INVITE", null),
                    // and ends there: livekit-sip v1.8.0 drops the INVITE transaction once it has cancelled it, and
                    // never ACKs the 487 (RFC 3261 17.1.1.3 says it should); a wait for it fails the call.
                    "");
        };
    }

    /**
     * A response to the last request received: its Via, From, Call-ID copied, its To with {@code toTag}, then
     * {@code header} when not null, and an SDP body of {@code sdp} lines when there are any (a 200 with an SDP is
     * retransmitted until the ACK, as a UAS must).
     */
    private static String send(String status, String toTag, String cseq, String header, String... sdp) {
        StringBuilder m = new StringBuilder(sdp.length == 0 ? "  <send>" : "  <send retrans=\"500\">")
                .append("<![CDATA[\n")
                .append("SIP/2.0 ").append(status).append('\n')
                .append("[last_Via:]\n[last_From:]\n[last_To:]").append(toTag).append("\n[last_Call-ID:]\n")
                .append(cseq).append('\n');
        if (header != null) {
            m.append(header).append('\n');
        }
        if (sdp.length == 0) {
            m.append("Content-Length: 0\n\n");
        } else {
            m.append("Content-Type: application/sdp\nContent-Length: [len]\n\n");
            for (String line : sdp) {
                m.append(line).append('\n');
            }
            m.append('\n');
        }
        return m.append("  ]]></send>").toString();
    }
}
