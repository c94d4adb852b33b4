package com.arkenos.devkit.livekit;

import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;

/**
 * Where LiveKit would send an inbound call, and if nowhere, why.
 *
 * @param trunk the matched inbound trunk, null unless a trunk matched
 * @param rule  the chosen dispatch rule, null unless {@link Result#ROUTED}
 */
public record InboundRoute(Result result, String calledNumber, String callerNumber, String sourceAddress,
                           SIPInboundTrunkInfo trunk, SIPDispatchRuleInfo rule, String reason) {

    public enum Result {
        /** A trunk and a dispatch rule matched: the call is answered and put in a room. */
        ROUTED,
        /** No inbound trunk lists the called number and no catch-all trunk exists (LiveKit answers 404). */
        NO_TRUNK,
        /** A trunk lists the number but its {@code allowed_addresses} exclude the source (LiveKit drops the call). */
        ADDRESS_NOT_ALLOWED,
        /** A trunk lists the number but its {@code allowed_numbers} exclude the caller. */
        CALLER_NOT_ALLOWED,
        /** A trunk matched but no dispatch rule applies to it (LiveKit drops the call as a flood). */
        NO_RULE,
        /** Several trunks match equally; LiveKit refuses to guess. */
        CONFLICT
    }

    public boolean routed() {
        return result == Result.ROUTED;
    }
}
