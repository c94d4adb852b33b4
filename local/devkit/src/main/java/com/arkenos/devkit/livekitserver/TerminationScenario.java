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

    public TerminationScenario {
        for (String v : new String[]{username, password, callerId}) {
            if (!v.matches("[A-Za-z0-9+._-]+")) {
                throw new IllegalArgumentException("not usable in a sipp scenario: " + v);
            }
        }
    }

    public String xml() {
        return """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <scenario name="Twilio termination: %4$s">
                  <recv request="INVITE"/>
                  <send><![CDATA[
                SIP/2.0 401 Unauthorized
                [last_Via:]
                [last_From:]
                [last_To:];tag=[pid]SIPpTag01[call_number]
                [last_Call-ID:]
                [last_CSeq:]
                WWW-Authenticate: Digest realm="sip.twilio.com", nonce="[pid]n[call_number]", algorithm=MD5
                Content-Length: 0

                  ]]></send>
                  <recv request="ACK"/>
                  <recv request="INVITE">
                    <action>
                      <ereg regexp="sip:\\%3$s@" search_in="hdr" header="From:" check_it="true" assign_to="caller"/>
                      <ereg regexp="[0-9]+" search_in="hdr" header="CSeq:" assign_to="cseq"/>
                      <verifyauth assign_to="authorized" username="%1$s" password="%2$s"/>
                      <!-- sipp refuses a scenario with a variable it never reads -->
                      <log message="INVITE from [$caller], CSeq [$cseq]"/>
                    </action>
                  </recv>
                  <nop hide="true" test="authorized" next="authorized"/>
                %5$s
                  <recv request="ACK"/>
                  <!-- refused credentials: wait for a request that never comes, so the scenario fails -->
                  <recv request="WRONG_CREDENTIALS" timeout="100"/>
                  <label id="authorized"/>
                %6$s
                </scenario>
                """.formatted(username, password, callerId, outcome, response(403, "Forbidden"),
                ending());
    }

    private String ending() {
        return switch (outcome) {
            case BUSY -> response(486, "Busy Here") + "\n  <recv request=\"ACK\"/>";
            case UNAVAILABLE -> response(480, "Temporarily Unavailable") + "\n  <recv request=\"ACK\"/>";
            case ANSWER -> response(180, "Ringing") + """

                      <pause milliseconds="300"/>
                      <send retrans="500"><![CDATA[
                    SIP/2.0 200 OK
                    [last_Via:]
                    [last_From:]
                    [last_To:];tag=[pid]SIPpTag02[call_number]
                    [last_Call-ID:]
                    [last_CSeq:]
                    Contact: <sip:[local_ip]:[local_port];transport=[transport]>
                    Content-Type: application/sdp
                    Content-Length: [len]

                    v=0
                    o=twilio 1 1 IN IP[local_ip_type] [local_ip]
                    s=-
                    c=IN IP[media_ip_type] [media_ip]
                    t=0 0
                    m=audio [media_port] RTP/AVP 0
                    a=rtpmap:0 PCMU/8000

                      ]]></send>
                      <recv request="ACK"/>
                      <recv request="BYE"/>
                      <send><![CDATA[
                    SIP/2.0 200 OK
                    [last_Via:]
                    [last_From:]
                    [last_To:]
                    [last_Call-ID:]
                    [last_CSeq:]
                    Content-Length: 0

                      ]]></send>""";
            case NO_ANSWER -> response(180, "Ringing") + """

                      <recv request="CANCEL"/>
                      <send><![CDATA[
                    SIP/2.0 200 OK
                    [last_Via:]
                    [last_From:]
                    [last_To:];tag=[pid]SIPpTag02[call_number]
                    [last_Call-ID:]
                    [last_CSeq:]
                    Content-Length: 0

                      ]]></send>
                      <send><![CDATA[
                    SIP/2.0 487 Request Terminated
                    [last_Via:]
                    [last_From:]
                    [last_To:];tag=[pid]SIPpTag02[call_number]
                    [last_Call-ID:]
                    CSeq: [$cseq] INVITE
                    Content-Length: 0

                      ]]></send>
                      <!-- and ends there: livekit-sip v1.8.0 drops the INVITE transaction once it has cancelled it,
                           and never ACKs the 487 (RFC 3261 17.1.1.3 says it should); a wait for it fails the call -->""";
        };
    }

    /** A response to the last INVITE, its To tag the dialog's. */
    private static String response(int code, String reason) {
        return """
                  <send><![CDATA[
                SIP/2.0 %d %s
                [last_Via:]
                [last_From:]
                [last_To:];tag=[pid]SIPpTag02[call_number]
                [last_Call-ID:]
                [last_CSeq:]
                Content-Length: 0

                  ]]></send>""".formatted(code, reason);
    }
}
