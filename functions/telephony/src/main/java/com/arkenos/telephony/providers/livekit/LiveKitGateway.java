package com.arkenos.telephony.providers.livekit;

import java.util.List;

/**
 * What the product asks of LiveKit: SIP trunks and dispatch rules for numbers, outbound calls, rooms with agents.
 * Every method throws {@link com.arkenos.telephony.providers.ProviderException} (Transient or Permanent) on failure;
 * deletes treat "already gone" as success so that compensation steps can be repeated.
 */
public interface LiveKitGateway {

    SipInboundTrunk createInboundTrunk(String name, List<String> numbers, List<String> allowedAddresses,
                                       String metadata);

    List<SipInboundTrunk> listInboundTrunks();

    /** Adds and removes numbers in one LiveKit update (ListUpdate add/remove), without reading the trunk first. */
    SipInboundTrunk updateInboundTrunkNumbers(String trunkId, List<String> add, List<String> remove);

    /** Deletes an inbound or outbound trunk; a trunk that no longer exists counts as deleted. */
    void deleteTrunk(String trunkId);

    SipOutboundTrunk createOutboundTrunk(String name, String address, List<String> numbers, String authUsername,
                                         String authPassword, String metadata);

    List<SipOutboundTrunk> listOutboundTrunks();

    SipOutboundTrunk updateOutboundTrunkNumbers(String trunkId, List<String> add, List<String> remove);

    /**
     * A per-caller rule: each call gets a room {@code roomPrefix_<caller>_<random>} with {@code agentName} dispatched
     * into it. {@code trunkIds} empty makes it a catch-all rule for every trunk.
     */
    DispatchRule createDispatchRule(String name, String roomPrefix, String agentName, String agentMetadata,
                                    List<String> trunkIds, String metadata);

    List<DispatchRule> listDispatchRules();

    /** Replaces the rule with these values (LiveKit's update action cannot change the dispatched agent). */
    DispatchRule updateDispatchRule(String ruleId, String name, String roomPrefix, String agentName,
                                    String agentMetadata, List<String> trunkIds, String metadata);

    /** A rule that no longer exists counts as deleted. */
    void deleteDispatchRule(String ruleId);

    /** Places an outbound call (CreateSIPParticipant). See {@link OutboundDial#waitUntilAnswered()}. */
    SipParticipant dial(OutboundDial dial);

    /** Creates the room (or returns quietly if it exists) with {@code agentName} dispatched when not null. */
    void createRoom(String name, String metadata, int emptyTimeoutSeconds, String agentName, String agentMetadata);

    void dispatchAgent(String room, String agentName, String metadata);

    /** A room that no longer exists counts as deleted. */
    void deleteRoom(String name);

    /** The identities of the participants in {@code room}. */
    List<String> listParticipants(String room);
}
