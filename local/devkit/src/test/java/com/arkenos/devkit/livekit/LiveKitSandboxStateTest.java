package com.arkenos.devkit.livekit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livekit.server.CreateSipDispatchRuleOptions;
import io.livekit.server.CreateSipInboundTrunkOptions;
import io.livekit.server.CreateSipOutboundTrunkOptions;
import io.livekit.server.SipDispatchRuleIndividual;
import io.livekit.server.SipServiceClient;
import java.nio.file.Path;
import java.util.List;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import retrofit2.Response;

/** A sandbox started on a state file keeps its SIP trunks and dispatch rules, ids and all, across a restart. */
class LiveKitSandboxStateTest {
    @TempDir
    Path dir;

    @Test
    void restartedSandbox_keepsTrunksAndRules_andRoutesAndDialsWithThem() throws Exception {
        Path file = dir.resolve("livekit-sandbox.json");
        SIPInboundTrunkInfo inbound;
        SIPOutboundTrunkInfo outbound;
        SIPDispatchRuleInfo rule;
        try (LiveKitSandbox livekit = start(file)) {
            SipServiceClient sip = client(livekit);
            CreateSipInboundTrunkOptions in = new CreateSipInboundTrunkOptions();
            in.setAllowedAddresses(List.of("54.172.60.0/30"));
            inbound = ok(sip.createSipInboundTrunk("twilio-in", List.of("+15105550100"), in).execute());
            CreateSipOutboundTrunkOptions out = new CreateSipOutboundTrunkOptions();
            out.setAuthUsername("arkenos");
            out.setAuthPassword("Termination2024Pass");
            outbound = ok(sip.createSipOutboundTrunk("twilio-out", "arkenos.pstn.twilio.com",
                    List.of("+15105550100"), out).execute());
            CreateSipDispatchRuleOptions options = new CreateSipDispatchRuleOptions();
            options.setTrunkIds(List.of(inbound.getSipTrunkId()));
            rule = ok(sip.createSipDispatchRule(new SipDispatchRuleIndividual("call-", null), options).execute());
        }
        try (LiveKitSandbox livekit = start(file)) {
            assertEquals(List.of(inbound), livekit.inboundTrunks());
            assertEquals(List.of(outbound), livekit.outboundTrunks());
            assertEquals(List.of(rule), livekit.dispatchRules());
            assertTrue(livekit.routeInbound("+15105550100", "+14155550123", "54.172.60.1").routed(),
                    "the kept trunk and rule no longer route the number");
            SipServiceClient sip = client(livekit);
            ok(sip.deleteSipTrunk(inbound.getSipTrunkId()).execute());
        }
        try (LiveKitSandbox livekit = start(file)) {
            assertTrue(livekit.inboundTrunks().isEmpty(), "a deleted trunk came back");
            assertEquals(1, livekit.outboundTrunks().size());
        }
    }

    private static LiveKitSandbox start(Path file) {
        return LiveKitSandbox.start(0, LiveKitSandbox.DEFAULT_API_KEY, LiveKitSandbox.DEFAULT_API_SECRET, file);
    }

    private static SipServiceClient client(LiveKitSandbox livekit) {
        return SipServiceClient.createClient(livekit.url(), livekit.apiKey(), livekit.apiSecret());
    }

    private static <T> T ok(Response<T> response) throws Exception {
        assertTrue(response.isSuccessful(), response.code() + " " + (response.errorBody() == null ? ""
                : response.errorBody().string()));
        return response.body();
    }
}
