package com.arkenos.livekit;

import com.arkenos.devkit.livekitserver.PortRange;
import com.arkenos.devkit.livekitserver.RealLiveKitServer;
import com.arkenos.devkit.livekitserver.RealSipBridge;
import com.arkenos.devkit.livekitserver.Sipp;
import com.arkenos.telephony.providers.livekit.LiveKitGateway;
import com.arkenos.telephony.providers.livekit.SipInboundTrunk;
import io.livekit.server.AgentDispatchServiceClient;
import io.livekit.server.RoomServiceClient;
import livekit.LivekitAgentDispatch;
import livekit.LivekitModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real SIP call into the real LiveKit: sipp plays Twilio's side and sends an INVITE to livekit-sip for a number on
 * an inbound trunk made through the product's gateway, from an address on the trunk's allowed list. LiveKit must
 * create a room through the trunk's dispatch rule, with {@code arkenos-agent} dispatched and the SIP participant's
 * {@code sip.trunkPhoneNumber} (what the agent worker looks up) set to the dialled number; an INVITE for a number
 * on no trunk must be refused and make no room. LiveKit refuses such a call by dropping it unanswered (its log:
 * "Rejecting inbound flood", "call was not authorized by trunk configuration"), so sipp ends on its own timeout and
 * exits non-zero. No agent joins here, so the call on the trunk rings (LiveKit answers once there is audio to hear;
 * RealSipCallsStackTest in local/runtime has the agent worker). Skipped, with the reason, without livekit-sip or sipp.
 */
class RealSipInboundCallTest {
    @RegisterExtension
    static final RealLiveKit real = new RealLiveKit();
    private static RealSipBridge bridge;

    @AfterAll
    static void stopBridge() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void anInviteForANumberOnTheTrunk_makesARoomWithTheAgent_andOneForNoTrunkIsRefused() throws Exception {
        RealLiveKitServer server = real.server();
        assumeTrue(RealSipBridge.binary().isPresent(), "livekit-sip missing: run local/livekit/install.sh");
        assumeTrue(Sipp.binary().isPresent(), "sipp missing: run local/livekit/install.sh (Debian's sip-tester)");
        Path work = Path.of("target/real-livekit/RealSipInboundCallTest").toAbsolutePath();
        bridge = RealSipBridge.start(work, server, PortRange.fromEnvironment());

        LiveKitGateway gateway = new Backend("real", server.url(), server.apiKey(), server.apiSecret(), () -> { })
                .gateway();
        String number = "+15105550142";
        SipInboundTrunk trunk = gateway.createInboundTrunk("Arkenos Inbound", List.of(number),
                List.of("127.0.0.1/32"), "");
        gateway.createDispatchRule("Arkenos Dispatch", "call-", "arkenos-agent", "", List.of(trunk.id()), "");
        RoomServiceClient rooms = RoomServiceClient.createClient(server.url(), server.apiKey(), server.apiSecret());
        AgentDispatchServiceClient dispatches = AgentDispatchServiceClient.createClient(server.url(),
                server.apiKey(), server.apiSecret());

        Sipp call = Sipp.call(work, "sipp-on-trunk", bridge.sipPort(), number, 4000);
        LivekitModels.Room room = awaitRoom(rooms, call);
        assertTrue(room.getName().startsWith("call-"), room.getName());
        LivekitModels.ParticipantInfo caller = awaitSipParticipant(rooms, room.getName());
        assertEquals(number, caller.getAttributesMap().get("sip.trunkPhoneNumber"), caller.toString());
        assertEquals(trunk.id(), caller.getAttributesMap().get("sip.trunkID"));
        List<LivekitAgentDispatch.AgentDispatch> dispatched = dispatches.listDispatch(room.getName()).execute()
                .body();
        assertEquals(List.of("arkenos-agent"), dispatched.stream().map(d -> d.getAgentName()).toList());
        call.close(); // nobody subscribes, so LiveKit would ring until its timeout: hang up

        List<String> before = rooms.listRooms(null).execute().body().stream().map(LivekitModels.Room::getName)
                .toList();
        try (Sipp refused = Sipp.call(work, "sipp-no-trunk", bridge.sipPort(), "+15105550199", 4000)) {
            assertNotEquals(0, refused.await(30), "an INVITE for a number on no trunk was answered:\n"
                    + bridge.logTail(20));
        }
        List<String> after = rooms.listRooms(null).execute().body().stream().map(LivekitModels.Room::getName)
                .filter(n -> !before.contains(n)).toList();
        assertEquals(List.of(), after, "a refused call made a room");
    }

    private static LivekitModels.Room awaitRoom(RoomServiceClient rooms, Sipp call) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            List<LivekitModels.Room> found = rooms.listRooms(null).execute().body();
            if (found != null && !found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no room within 20 s (sipp alive: " + call.isAlive() + "); livekit-sip log:\n"
                + bridge.logTail(30));
    }

    private static LivekitModels.ParticipantInfo awaitSipParticipant(RoomServiceClient rooms, String room)
            throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            for (LivekitModels.ParticipantInfo p : rooms.listParticipants(room).execute().body()) {
                if (p.getKind() == LivekitModels.ParticipantInfo.Kind.SIP) {
                    return p;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no SIP participant in " + room + " within 20 s");
    }
}
