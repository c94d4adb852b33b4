package com.arkenos.devkit.livekit;

import livekit.LivekitSip.CreateSIPDispatchRuleRequest;
import livekit.LivekitSip.CreateSIPInboundTrunkRequest;
import livekit.LivekitSip.CreateSIPOutboundTrunkRequest;
import livekit.LivekitSip.DeleteSIPDispatchRuleRequest;
import livekit.LivekitSip.DeleteSIPTrunkRequest;
import livekit.LivekitSip.GetSIPInboundTrunkRequest;
import livekit.LivekitSip.GetSIPInboundTrunkResponse;
import livekit.LivekitSip.GetSIPOutboundTrunkRequest;
import livekit.LivekitSip.GetSIPOutboundTrunkResponse;
import livekit.LivekitSip.ListSIPDispatchRuleRequest;
import livekit.LivekitSip.ListSIPDispatchRuleResponse;
import livekit.LivekitSip.ListSIPInboundTrunkRequest;
import livekit.LivekitSip.ListSIPInboundTrunkResponse;
import livekit.LivekitSip.ListSIPOutboundTrunkRequest;
import livekit.LivekitSip.ListSIPOutboundTrunkResponse;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import livekit.LivekitSip.UpdateSIPDispatchRuleRequest;
import livekit.LivekitSip.UpdateSIPInboundTrunkRequest;
import livekit.LivekitSip.UpdateSIPOutboundTrunkRequest;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.arkenos.devkit.livekit.TwirpMethod.SIP;

/** LiveKit's SIP administration methods (all need the {@code sip.admin} grant) over the {@link SipInventory}. */
final class SipAdminApi {
    private static final String INVALID = "invalid_argument";
    private static final String NOT_FOUND = "not_found";

    private SipAdminApi() {
    }

    static List<TwirpMethod> methods(SipInventory sip) {
        return List.of(
                admin("CreateSIPInboundTrunk", CreateSIPInboundTrunkRequest.getDefaultInstance(), INVALID, req -> {
                    if (!req.hasTrunk()) {
                        throw TwirpError.invalidArgument("missing trunk");
                    }
                    return sip.createInbound(req.getTrunk());
                }),
                admin("CreateSIPOutboundTrunk", CreateSIPOutboundTrunkRequest.getDefaultInstance(), INVALID, req -> {
                    if (!req.hasTrunk()) {
                        throw TwirpError.invalidArgument("missing trunk");
                    }
                    return sip.createOutbound(req.getTrunk());
                }),
                admin("UpdateSIPInboundTrunk", UpdateSIPInboundTrunkRequest.getDefaultInstance(), NOT_FOUND,
                        sip::updateInbound),
                admin("UpdateSIPOutboundTrunk", UpdateSIPOutboundTrunkRequest.getDefaultInstance(), NOT_FOUND,
                        sip::updateOutbound),
                admin("GetSIPInboundTrunk", GetSIPInboundTrunkRequest.getDefaultInstance(), NOT_FOUND, req ->
                        GetSIPInboundTrunkResponse.newBuilder()
                                .setTrunk(sip.inbound(requireTrunkId(req.getSipTrunkId()))
                                        .orElseThrow(SipAdminApi::trunkNotFound)).build()),
                admin("GetSIPOutboundTrunk", GetSIPOutboundTrunkRequest.getDefaultInstance(), NOT_FOUND, req ->
                        GetSIPOutboundTrunkResponse.newBuilder()
                                .setTrunk(sip.outbound(requireTrunkId(req.getSipTrunkId()))
                                        .orElseThrow(SipAdminApi::trunkNotFound)).build()),
                admin("ListSIPInboundTrunk", ListSIPInboundTrunkRequest.getDefaultInstance(), INVALID, req ->
                        ListSIPInboundTrunkResponse.newBuilder().addAllItems(filterTrunks(sip.inboundTrunks(),
                                req.getTrunkIdsList(), req.getNumbersList(), SIPInboundTrunkInfo::getSipTrunkId,
                                SIPInboundTrunkInfo::getNumbersList)).build()),
                admin("ListSIPOutboundTrunk", ListSIPOutboundTrunkRequest.getDefaultInstance(), INVALID, req ->
                        ListSIPOutboundTrunkResponse.newBuilder().addAllItems(filterTrunks(sip.outboundTrunks(),
                                req.getTrunkIdsList(), req.getNumbersList(), SIPOutboundTrunkInfo::getSipTrunkId,
                                SIPOutboundTrunkInfo::getNumbersList)).build()),
                admin("DeleteSIPTrunk", DeleteSIPTrunkRequest.getDefaultInstance(), NOT_FOUND,
                        req -> sip.deleteTrunk(req.getSipTrunkId())),
                admin("CreateSIPDispatchRule", CreateSIPDispatchRuleRequest.getDefaultInstance(), INVALID,
                        req -> sip.createRule(ruleInfo(req))),
                admin("UpdateSIPDispatchRule", UpdateSIPDispatchRuleRequest.getDefaultInstance(), NOT_FOUND,
                        sip::updateRule),
                admin("ListSIPDispatchRule", ListSIPDispatchRuleRequest.getDefaultInstance(), INVALID, req ->
                        ListSIPDispatchRuleResponse.newBuilder().addAllItems(filterRules(sip.rules(), req)).build()),
                admin("DeleteSIPDispatchRule", DeleteSIPDispatchRuleRequest.getDefaultInstance(), NOT_FOUND,
                        req -> sip.deleteRule(req.getSipDispatchRuleId())));
    }

    private static <Q extends com.google.protobuf.Message> TwirpMethod admin(
            String method, Q prototype, String permanentCode,
            Function<Q, ? extends com.google.protobuf.Message> handler) {
        return TwirpMethod.of(SIP, method, prototype, (grants, req) -> grants.sipAdmin(), permanentCode, handler);
    }

    /**
     * SDKs before the {@code dispatch_rule} field send the rule's fields at the top level of the request; LiveKit
     * reads {@code dispatch_rule} when present and the legacy fields otherwise.
     */
    static SIPDispatchRuleInfo ruleInfo(CreateSIPDispatchRuleRequest req) {
        if (req.hasDispatchRule()) {
            return req.getDispatchRule();
        }
        SIPDispatchRuleInfo.Builder legacy = SIPDispatchRuleInfo.newBuilder()
                .addAllTrunkIds(req.getTrunkIdsList())
                .addAllInboundNumbers(req.getInboundNumbersList())
                .setHidePhoneNumber(req.getHidePhoneNumber())
                .setName(req.getName())
                .setMetadata(req.getMetadata())
                .putAllAttributes(req.getAttributesMap())
                .setRoomPreset(req.getRoomPreset());
        if (req.hasRule()) {
            legacy.setRule(req.getRule());
        }
        if (req.hasRoomConfig()) {
            legacy.setRoomConfig(req.getRoomConfig());
        }
        return legacy.build();
    }

    /** LiveKit's list filters: ids keep the requested order; a number filter also returns catch-all trunks. */
    private static <T> List<T> filterTrunks(List<T> all, List<String> ids, List<String> numbers,
                                            Function<T, String> idOf, Function<T, List<String>> numbersOf) {
        List<T> selected = all;
        if (!ids.isEmpty()) {
            Map<String, T> byId = all.stream().collect(Collectors.toMap(idOf, t -> t));
            selected = ids.stream().filter(byId::containsKey).map(byId::get).toList();
        }
        if (!numbers.isEmpty()) {
            List<String> wanted = numbers.stream().map(SipAddressing::normalize).toList();
            selected = selected.stream().filter(t -> numbersOf.apply(t).isEmpty() || numbersOf.apply(t).stream()
                    .map(SipAddressing::normalize).anyMatch(wanted::contains)).toList();
        }
        return selected;
    }

    private static List<SIPDispatchRuleInfo> filterRules(List<SIPDispatchRuleInfo> all,
            ListSIPDispatchRuleRequest req) {
        List<SIPDispatchRuleInfo> selected = all;
        if (req.getDispatchRuleIdsCount() > 0) {
            Map<String, SIPDispatchRuleInfo> byId = all.stream()
                    .collect(Collectors.toMap(SIPDispatchRuleInfo::getSipDispatchRuleId, r -> r));
            selected = req.getDispatchRuleIdsList().stream().filter(byId::containsKey).map(byId::get).toList();
        }
        if (req.getTrunkIdsCount() > 0) {
            selected = selected.stream().filter(r -> r.getTrunkIdsCount() == 0
                    || r.getTrunkIdsList().stream().anyMatch(req.getTrunkIdsList()::contains)).toList();
        }
        return selected;
    }

    private static String requireTrunkId(String id) {
        if (id.isEmpty()) {
            throw TwirpError.invalidArgument("trunk ID is required");
        }
        return id;
    }

    private static TwirpError trunkNotFound() {
        return TwirpError.notFound("requested sip trunk does not exist");
    }
}
