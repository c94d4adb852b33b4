package com.arkenos.telephony.providers.livekit;

import livekit.LivekitAgentDispatch.RoomAgentDispatch;
import livekit.LivekitRoom.RoomConfiguration;
import livekit.LivekitSip.SIPDispatchRule;
import livekit.LivekitSip.SIPDispatchRuleIndividual;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import livekit.LivekitSip.SIPParticipantInfo;

import java.util.List;

/** Between LiveKit's protobuf messages and the gateway's records. Protobuf's "" for unset becomes null here. */
final class LiveKitProtos {
    private LiveKitProtos() {
    }

    static SipInboundTrunk inbound(SIPInboundTrunkInfo t) {
        return new SipInboundTrunk(t.getSipTrunkId(), t.getName(), t.getNumbersList(), t.getAllowedAddressesList(),
                emptyToNull(t.getMetadata()));
    }

    static SipOutboundTrunk outbound(SIPOutboundTrunkInfo t) {
        return new SipOutboundTrunk(t.getSipTrunkId(), t.getName(), t.getAddress(), t.getNumbersList(),
                emptyToNull(t.getAuthUsername()), emptyToNull(t.getMetadata()));
    }

    static DispatchRule rule(SIPDispatchRuleInfo r) {
        String prefix = r.getRule().hasDispatchRuleIndividual()
                ? r.getRule().getDispatchRuleIndividual().getRoomPrefix() : null;
        List<RoomAgentDispatch> agents = r.getRoomConfig().getAgentsList();
        RoomAgentDispatch agent = agents.isEmpty() ? null : agents.get(0);
        return new DispatchRule(r.getSipDispatchRuleId(), r.getName(), prefix, r.getTrunkIdsList(),
                agent == null ? null : agent.getAgentName(), agent == null ? null : emptyToNull(agent.getMetadata()),
                emptyToNull(r.getMetadata()));
    }

    static SipParticipant participant(SIPParticipantInfo p) {
        return new SipParticipant(p.getParticipantId(), p.getParticipantIdentity(), p.getRoomName(), p.getSipCallId());
    }

    /** The complete rule the product stores: per-caller rooms, the agent in room_config (replace needs it all). */
    static SIPDispatchRuleInfo ruleInfo(String name, String roomPrefix, String agentName, String agentMetadata,
                                        List<String> trunkIds, String metadata) {
        return SIPDispatchRuleInfo.newBuilder()
                .setName(nullToEmpty(name))
                .setMetadata(nullToEmpty(metadata))
                .addAllTrunkIds(trunkIds)
                .setRule(SIPDispatchRule.newBuilder().setDispatchRuleIndividual(
                        SIPDispatchRuleIndividual.newBuilder().setRoomPrefix(nullToEmpty(roomPrefix))))
                .setRoomConfig(roomConfig(agentName, agentMetadata))
                .build();
    }

    static RoomConfiguration roomConfig(String agentName, String agentMetadata) {
        RoomConfiguration.Builder config = RoomConfiguration.newBuilder();
        if (agentName != null) {
            config.addAgents(agent(agentName, agentMetadata));
        }
        return config.build();
    }

    static RoomAgentDispatch agent(String agentName, String agentMetadata) {
        return RoomAgentDispatch.newBuilder().setAgentName(agentName).setMetadata(nullToEmpty(agentMetadata)).build();
    }

    static com.google.protobuf.Duration duration(java.time.Duration d) {
        return com.google.protobuf.Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
