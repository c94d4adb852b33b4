package com.arkenos.devkit.livekit;

import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Inbound call handling as LiveKit does it (livekit/protocol sip.MatchTrunk, MatchDispatchRule, EvaluateDispatchRule):
 * pick the trunk listing the called number (a trunk without numbers is a lower-priority catch-all) whose allowed
 * addresses and numbers admit the call, then the best dispatch rule naming that trunk, else a rule naming no trunk.
 *
 * <p>Two simplifications: PIN-protected rules are skipped (the sandbox cannot collect DTMF), and a call that matches
 * no trunk is refused even when a catch-all rule exists, as LiveKit Cloud does (open-source LiveKit would let such a
 * rule take it).
 */
final class InboundRouter {
    private final SipInventory sip;
    private final RoomRegistry rooms;

    InboundRouter(SipInventory sip, RoomRegistry rooms) {
        this.sip = sip;
        this.rooms = rooms;
    }

    InboundRoute route(String called, String caller, String source) {
        String calledNorm = SipAddressing.normalize(called);
        SIPInboundTrunkInfo specific = null;
        List<SIPInboundTrunkInfo> catchAll = new ArrayList<>();
        InboundRoute.Result filtered = null;
        for (SIPInboundTrunkInfo t : sip.inboundTrunks()) {
            boolean listsNumber = t.getNumbersList().stream()
                    .anyMatch(n -> n.equals(called) || SipAddressing.normalize(n).equals(calledNorm));
            if (!listsNumber && t.getNumbersCount() > 0) {
                continue;
            }
            if (!SipAddressing.numberAllowed(caller, t.getAllowedNumbersList())) {
                filtered = filtered == null ? InboundRoute.Result.CALLER_NOT_ALLOWED : filtered;
                continue;
            }
            if (!SipAddressing.addressAllowed(source, t.getAllowedAddressesList())) {
                filtered = InboundRoute.Result.ADDRESS_NOT_ALLOWED;
                continue;
            }
            if (t.getNumbersCount() == 0) {
                catchAll.add(t);
            } else if (specific != null) {
                return refused(InboundRoute.Result.CONFLICT, called, caller, source, null,
                        "Multiple SIP Trunks matched for \"" + called + "\"");
            } else {
                specific = t;
            }
        }
        if (specific == null && catchAll.size() > 1) {
            return refused(InboundRoute.Result.CONFLICT, called, caller, source, null,
                    "Multiple default SIP Trunks matched for \"" + called + "\"");
        }
        SIPInboundTrunkInfo trunk = specific != null ? specific : catchAll.isEmpty() ? null : catchAll.get(0);
        if (trunk == null) {
            InboundRoute.Result why = filtered != null ? filtered : InboundRoute.Result.NO_TRUNK;
            return refused(why, called, caller, source, null, why == InboundRoute.Result.NO_TRUNK
                    ? "No SIP Trunk or Dispatch Rules matched for \"" + called + "\""
                    : "call was not authorized by trunk configuration");
        }
        SIPDispatchRuleInfo rule = bestRule(trunk, called, caller);
        if (rule == null) {
            return refused(InboundRoute.Result.NO_RULE, called, caller, source, trunk,
                    "No SIP Dispatch Rules matched for \"" + called + "\"");
        }
        return new InboundRoute(InboundRoute.Result.ROUTED, called, caller, source, trunk, rule, "routed");
    }

    private SIPDispatchRuleInfo bestRule(SIPInboundTrunkInfo trunk, String called, String caller) {
        List<SIPDispatchRuleInfo> specific = new ArrayList<>();
        List<SIPDispatchRuleInfo> wildcard = new ArrayList<>();
        for (SIPDispatchRuleInfo r : sip.rules()) {
            if (r.getInboundNumbersCount() > 0 && !r.getInboundNumbersList().contains(caller)) {
                continue;
            }
            if (r.getNumbersCount() > 0 && !r.getNumbersList().contains(called)) {
                continue;
            }
            if (!SipValidation.pin(r).isEmpty()) {
                continue;
            }
            if (r.getTrunkIdsCount() == 0) {
                wildcard.add(r);
            } else if (r.getTrunkIdsList().contains(trunk.getSipTrunkId())) {
                specific.add(r);
            }
        }
        Comparator<SIPDispatchRuleInfo> byPriority = Comparator.comparingInt(InboundRouter::priority)
                .thenComparing(InboundRouter::roomOrPrefix);
        List<SIPDispatchRuleInfo> pool = specific.isEmpty() ? wildcard : specific;
        return pool.stream().min(byPriority).orElse(null);
    }

    /** LiveKit's DispatchRulePriority for open rules: direct, individual, callee; a caller or number filter first. */
    private static int priority(SIPDispatchRuleInfo r) {
        int p = switch (r.getRule().getRuleCase()) {
            case DISPATCH_RULE_DIRECT -> 100;
            case DISPATCH_RULE_INDIVIDUAL -> 101;
            case DISPATCH_RULE_CALLEE -> 102;
            default -> Integer.MAX_VALUE - 2000;
        };
        return p + (r.getInboundNumbersCount() == 0 ? 1000 : 0) + (r.getNumbersCount() == 0 ? 1000 : 0);
    }

    private static String roomOrPrefix(SIPDispatchRuleInfo r) {
        var rule = r.getRule();
        return switch (rule.getRuleCase()) {
            case DISPATCH_RULE_DIRECT -> rule.getDispatchRuleDirect().getRoomName();
            case DISPATCH_RULE_INDIVIDUAL -> rule.getDispatchRuleIndividual().getRoomPrefix();
            case DISPATCH_RULE_CALLEE -> rule.getDispatchRuleCallee().getRoomPrefix();
            default -> "";
        };
    }

    private static InboundRoute refused(InboundRoute.Result result, String called, String caller, String source,
                                        SIPInboundTrunkInfo trunk, String reason) {
        return new InboundRoute(result, called, caller, source, trunk, null, reason);
    }

    /** Answers a routed call: the rule's room (created with its room_config and agents), and the SIP participant. */
    InboundCall place(String called, String caller, String source) {
        InboundRoute route = route(called, caller, source);
        if (!route.routed()) {
            return new InboundCall(route, null, null, null);
        }
        SIPDispatchRuleInfo rule = route.rule();
        String room = roomName(rule, called, caller);
        String callId = LiveKitIds.next(LiveKitIds.SIP_CALL);
        rooms.ensure(room, rule.hasRoomConfig() ? rule.getRoomConfig() : null);

        ParticipantInfo.Builder participant = ParticipantInfo.newBuilder()
                .setKind(ParticipantInfo.Kind.SIP)
                .setMetadata(rule.getMetadata())
                .putAllAttributes(rule.getAttributesMap())
                .putAttributes("sip.callID", callId)
                .putAttributes("sip.trunkID", route.trunk().getSipTrunkId())
                .putAttributes("sip.ruleID", rule.getSipDispatchRuleId())
                .putAttributes("sip.callStatus", "active");
        if (rule.getHidePhoneNumber()) {
            String last = caller.length() <= 4 ? caller.substring(caller.length() - 1)
                    : caller.substring(caller.length() - 4);
            participant.setIdentity("sip_" + HexFormat.of().formatHex(sha256(caller), 0, 8))
                    .setName("Phone " + last);
        } else {
            participant.setIdentity("sip_" + caller).setName("Phone " + caller)
                    .putAllAttributes(Map.of("sip.phoneNumber", caller, "sip.hostname", source,
                            "sip.trunkPhoneNumber", called));
        }
        ParticipantInfo joined = rooms.join(room, participant);
        return new InboundCall(route, room, joined.getIdentity(), callId);
    }

    /** LiveKit's room naming: individual {@code prefix_caller_random}, callee {@code prefix_called}, direct as is. */
    private static String roomName(SIPDispatchRuleInfo rule, String called, String caller) {
        var r = rule.getRule();
        return switch (r.getRuleCase()) {
            case DISPATCH_RULE_DIRECT -> r.getDispatchRuleDirect().getRoomName();
            case DISPATCH_RULE_CALLEE -> {
                String prefix = r.getDispatchRuleCallee().getRoomPrefix();
                String room = prefix.isEmpty() ? called : prefix + "_" + called;
                yield r.getDispatchRuleCallee().getRandomize() ? room + "_" + LiveKitIds.next("") : room;
            }
            default -> {
                String prefix = r.getDispatchRuleIndividual().getRoomPrefix();
                String room = prefix.isEmpty() ? caller : prefix + "_" + caller;
                yield r.getDispatchRuleIndividual().getNoRandomness() ? room : room + "_" + LiveKitIds.next("");
            }
        };
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
