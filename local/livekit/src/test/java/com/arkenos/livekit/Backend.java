package com.arkenos.livekit;

import com.arkenos.telephony.providers.livekit.LiveKitCredentials;
import com.arkenos.telephony.providers.livekit.LiveKitGateway;
import com.arkenos.telephony.providers.livekit.LiveKitTimeouts;
import com.arkenos.telephony.providers.livekit.SdkLiveKitGateway;
import io.livekit.server.AgentDispatchServiceClient;
import io.livekit.server.RoomServiceClient;
import io.livekit.server.SipServiceClient;

import java.time.Duration;

/**
 * One LiveKit to run scenarios against: the sandbox or the real server. The scenarios only talk to it through the
 * product's gateway, plus the official SDK's room and dispatch listings where the gateway reads nothing back.
 */
final class Backend {
    /** Short enough that a hanging server shows up quickly, long enough for the real server on a loaded machine. */
    static final LiveKitTimeouts TIMEOUTS = new LiveKitTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(10),
            Duration.ofSeconds(2));

    private final String name;
    private final String url;
    private final String apiKey;
    private final String apiSecret;
    private final Runnable reset;
    private final SdkLiveKitGateway gateway;
    private final RoomServiceClient rooms;
    private final AgentDispatchServiceClient dispatches;
    private final SipServiceClient sip;

    Backend(String name, String url, String apiKey, String apiSecret, Runnable reset) {
        this.name = name;
        this.url = url;
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
        this.reset = reset;
        this.gateway = gatewayAs(apiKey, apiSecret);
        this.rooms = RoomServiceClient.createClient(url, apiKey, apiSecret);
        this.dispatches = AgentDispatchServiceClient.createClient(url, apiKey, apiSecret);
        this.sip = SipServiceClient.createClient(url, apiKey, apiSecret);
    }

    String name() {
        return name;
    }

    LiveKitGateway gateway() {
        return gateway;
    }

    /** A gateway built the way the functions build theirs, with other credentials (for the auth scenarios). */
    SdkLiveKitGateway gatewayAs(String key, String secret) {
        return new SdkLiveKitGateway(new LiveKitCredentials(url, key, secret, "sip.conformance.test"), TIMEOUTS);
    }

    String apiKey() {
        return apiKey;
    }

    String apiSecret() {
        return apiSecret;
    }

    RoomServiceClient rooms() {
        return rooms;
    }

    AgentDispatchServiceClient dispatches() {
        return dispatches;
    }

    /** The SDK's own SIP client, to see the Twirp answers that the gateway deliberately swallows. */
    SipServiceClient sip() {
        return sip;
    }

    /** Back to an empty project before each scenario. */
    void reset() {
        reset.run();
    }

    /** The reset for a server we cannot reset from inside: delete everything the gateway can list. */
    static void deleteEverything(LiveKitGateway g, RoomServiceClient rooms) {
        g.listDispatchRules().forEach(r -> g.deleteDispatchRule(r.id()));
        g.listInboundTrunks().forEach(t -> g.deleteTrunk(t.id()));
        g.listOutboundTrunks().forEach(t -> g.deleteTrunk(t.id()));
        try {
            var listed = rooms.listRooms().execute();
            if (!listed.isSuccessful() || listed.body() == null) {
                throw new IllegalStateException("ListRooms failed: HTTP " + listed.code());
            }
            for (var room : listed.body()) {
                rooms.deleteRoom(room.getName()).execute();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
