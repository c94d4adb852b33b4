package com.arkenos.devkit.livekit;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPDispatchRuleUpdate;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPInboundTrunkUpdate;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkUpdate;
import livekit.LivekitSip.SIPTrunkInfo;
import livekit.LivekitSip.UpdateSIPDispatchRuleRequest;
import livekit.LivekitSip.UpdateSIPInboundTrunkRequest;
import livekit.LivekitSip.UpdateSIPOutboundTrunkRequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The project's SIP trunks and dispatch rules, validated and stored as LiveKit does. Thread-safe. */
final class SipInventory {
    private static final String TRUNK_NOT_FOUND = "requested sip trunk does not exist";
    private static final String RULE_NOT_FOUND = "requested sip dispatch rule does not exist";

    private final Clock clock;
    private final Map<String, SIPInboundTrunkInfo> inbound = new LinkedHashMap<>();
    private final Map<String, SIPOutboundTrunkInfo> outbound = new LinkedHashMap<>();
    private final Map<String, SIPDispatchRuleInfo> rules = new LinkedHashMap<>();
    private Runnable onChange = () -> { };

    SipInventory(Clock clock) {
        this.clock = clock;
    }

    synchronized SIPInboundTrunkInfo createInbound(SIPInboundTrunkInfo requested) {
        if (!requested.getSipTrunkId().isEmpty()) {
            throw TwirpError.invalidArgument("trunk id must not be set");
        }
        SipValidation.inbound(requested);
        List<SIPInboundTrunkInfo> all = new ArrayList<>(inbound.values());
        all.add(requested);
        SipValidation.trunkConflicts(all);
        Timestamp now = now();
        SIPInboundTrunkInfo stored = requested.toBuilder().setSipTrunkId(LiveKitIds.next(LiveKitIds.TRUNK))
                .setCreatedAt(now).setUpdatedAt(now).build();
        inbound.put(stored.getSipTrunkId(), stored);
        changed();
        return stored;
    }

    synchronized SIPInboundTrunkInfo updateInbound(UpdateSIPInboundTrunkRequest req) {
        String id = requireId(req.getSipTrunkId(), "trunk id must be set");
        SIPInboundTrunkInfo current = Optional.ofNullable(inbound.get(id))
                .orElseThrow(() -> TwirpError.notFound(TRUNK_NOT_FOUND));
        SIPInboundTrunkInfo.Builder next = switch (req.getActionCase()) {
            case REPLACE -> {
                checkSameId(req.getReplace().getSipTrunkId(), id, "trunk");
                yield req.getReplace().toBuilder();
            }
            case UPDATE -> applyInbound(current.toBuilder(), req.getUpdate());
            default -> throw TwirpError.invalidArgument("missing or unsupported update action");
        };
        SIPInboundTrunkInfo candidate = next.setSipTrunkId(id).setCreatedAt(current.getCreatedAt())
                .setUpdatedAt(now()).build();
        SipValidation.inbound(candidate);
        Map<String, SIPInboundTrunkInfo> all = new LinkedHashMap<>(inbound);
        all.put(id, candidate);
        SipValidation.trunkConflicts(all.values());
        inbound.put(id, candidate);
        changed();
        return candidate;
    }

    private static SIPInboundTrunkInfo.Builder applyInbound(SIPInboundTrunkInfo.Builder b, SIPInboundTrunkUpdate u) {
        if (u.hasNumbers()) {
            List<String> v = SipValidation.apply(b.getNumbersList(), u.getNumbers());
            b.clearNumbers().addAllNumbers(v);
        }
        if (u.hasAllowedAddresses()) {
            List<String> v = SipValidation.apply(b.getAllowedAddressesList(), u.getAllowedAddresses());
            b.clearAllowedAddresses().addAllAllowedAddresses(v);
        }
        if (u.hasAllowedNumbers()) {
            List<String> v = SipValidation.apply(b.getAllowedNumbersList(), u.getAllowedNumbers());
            b.clearAllowedNumbers().addAllAllowedNumbers(v);
        }
        if (u.hasAuthUsername()) {
            b.setAuthUsername(u.getAuthUsername());
        }
        if (u.hasAuthPassword()) {
            b.setAuthPassword(u.getAuthPassword());
        }
        if (u.hasName()) {
            b.setName(u.getName());
        }
        if (u.hasMetadata()) {
            b.setMetadata(u.getMetadata());
        }
        if (u.hasMediaEncryption()) {
            b.setMediaEncryption(u.getMediaEncryption());
        }
        return b;
    }

    synchronized SIPOutboundTrunkInfo createOutbound(SIPOutboundTrunkInfo requested) {
        if (!requested.getSipTrunkId().isEmpty()) {
            throw TwirpError.invalidArgument("trunk id must not be set");
        }
        SipValidation.outbound(requested);
        Timestamp now = now();
        SIPOutboundTrunkInfo stored = requested.toBuilder().setSipTrunkId(LiveKitIds.next(LiveKitIds.TRUNK))
                .setCreatedAt(now).setUpdatedAt(now).build();
        outbound.put(stored.getSipTrunkId(), stored);
        changed();
        return stored;
    }

    synchronized SIPOutboundTrunkInfo updateOutbound(UpdateSIPOutboundTrunkRequest req) {
        String id = requireId(req.getSipTrunkId(), "trunk id must be set");
        SIPOutboundTrunkInfo current = Optional.ofNullable(outbound.get(id))
                .orElseThrow(() -> TwirpError.notFound(TRUNK_NOT_FOUND));
        SIPOutboundTrunkInfo.Builder next = switch (req.getActionCase()) {
            case REPLACE -> {
                checkSameId(req.getReplace().getSipTrunkId(), id, "trunk");
                yield req.getReplace().toBuilder();
            }
            case UPDATE -> applyOutbound(current.toBuilder(), req.getUpdate());
            default -> throw TwirpError.invalidArgument("missing or unsupported update action");
        };
        SIPOutboundTrunkInfo candidate = next.setSipTrunkId(id).setCreatedAt(current.getCreatedAt())
                .setUpdatedAt(now()).build();
        if (req.getActionCase() == UpdateSIPOutboundTrunkRequest.ActionCase.UPDATE
                && candidate.getNumbersCount() == 0) {
            // livekit-server 1.13 applies the ListUpdate, then validates, and that error carries no Twirp code: an
            // update that removes the last number is answered `unknown` (HTTP 500), not invalid_argument.
            throw new TwirpError("unknown", "no trunk numbers specified");
        }
        SipValidation.outbound(candidate);
        outbound.put(id, candidate);
        changed();
        return candidate;
    }

    private static SIPOutboundTrunkInfo.Builder applyOutbound(SIPOutboundTrunkInfo.Builder b,
                                                              SIPOutboundTrunkUpdate u) {
        if (u.hasAddress()) {
            b.setAddress(u.getAddress());
        }
        if (u.hasTransport()) {
            b.setTransport(u.getTransport());
        }
        if (u.hasDestinationCountry()) {
            b.setDestinationCountry(u.getDestinationCountry());
        }
        if (u.hasNumbers()) {
            List<String> v = SipValidation.apply(b.getNumbersList(), u.getNumbers());
            b.clearNumbers().addAllNumbers(v);
        }
        if (u.hasAuthUsername()) {
            b.setAuthUsername(u.getAuthUsername());
        }
        if (u.hasAuthPassword()) {
            b.setAuthPassword(u.getAuthPassword());
        }
        if (u.hasName()) {
            b.setName(u.getName());
        }
        if (u.hasMetadata()) {
            b.setMetadata(u.getMetadata());
        }
        if (u.hasMediaEncryption()) {
            b.setMediaEncryption(u.getMediaEncryption());
        }
        if (u.hasFromHost()) {
            b.setFromHost(u.getFromHost());
        }
        return b;
    }

    synchronized Optional<SIPInboundTrunkInfo> inbound(String id) {
        return Optional.ofNullable(inbound.get(id));
    }

    synchronized Optional<SIPOutboundTrunkInfo> outbound(String id) {
        return Optional.ofNullable(outbound.get(id));
    }

    synchronized List<SIPInboundTrunkInfo> inboundTrunks() {
        return List.copyOf(inbound.values());
    }

    synchronized List<SIPOutboundTrunkInfo> outboundTrunks() {
        return List.copyOf(outbound.values());
    }

    /**
     * One id space for both kinds, as on LiveKit; the answer is the legacy SIPTrunkInfo with only the id set. An
     * unknown id is no error: LiveKit's store deletes the id from each kind's hash and reports nothing missing.
     */
    synchronized SIPTrunkInfo deleteTrunk(String id) {
        requireId(id, "trunk ID is required");
        if (inbound.remove(id) != null | outbound.remove(id) != null) {
            changed();
        }
        return SIPTrunkInfo.newBuilder().setSipTrunkId(id).build();
    }

    synchronized SIPDispatchRuleInfo createRule(SIPDispatchRuleInfo requested) {
        if (!requested.getSipDispatchRuleId().isEmpty()) {
            throw TwirpError.invalidArgument("rule id must not be set");
        }
        SipValidation.dispatchRule(requested);
        List<SIPDispatchRuleInfo> all = new ArrayList<>(rules.values());
        all.add(requested);
        SipValidation.ruleConflicts(all);
        Timestamp now = now();
        SIPDispatchRuleInfo stored = requested.toBuilder()
                .setSipDispatchRuleId(LiveKitIds.next(LiveKitIds.DISPATCH_RULE))
                .setCreatedAt(now).setUpdatedAt(now).build();
        rules.put(stored.getSipDispatchRuleId(), stored);
        changed();
        return stored;
    }

    synchronized SIPDispatchRuleInfo updateRule(UpdateSIPDispatchRuleRequest req) {
        String id = requireId(req.getSipDispatchRuleId(), "rule id must be set");
        SIPDispatchRuleInfo current = Optional.ofNullable(rules.get(id))
                .orElseThrow(() -> TwirpError.notFound(RULE_NOT_FOUND));
        SIPDispatchRuleInfo.Builder next = switch (req.getActionCase()) {
            case REPLACE -> {
                checkSameId(req.getReplace().getSipDispatchRuleId(), id, "rule");
                yield req.getReplace().toBuilder();
            }
            case UPDATE -> applyRule(current.toBuilder(), req.getUpdate());
            default -> throw TwirpError.invalidArgument("missing or unsupported update action");
        };
        SIPDispatchRuleInfo candidate = next.setSipDispatchRuleId(id).setCreatedAt(current.getCreatedAt())
                .setUpdatedAt(now()).build();
        SipValidation.dispatchRule(candidate);
        Map<String, SIPDispatchRuleInfo> all = new LinkedHashMap<>(rules);
        all.put(id, candidate);
        SipValidation.ruleConflicts(all.values());
        rules.put(id, candidate);
        changed();
        return candidate;
    }

    private static SIPDispatchRuleInfo.Builder applyRule(SIPDispatchRuleInfo.Builder b, SIPDispatchRuleUpdate u) {
        if (u.hasTrunkIds()) {
            List<String> v = SipValidation.apply(b.getTrunkIdsList(), u.getTrunkIds());
            b.clearTrunkIds().addAllTrunkIds(v);
        }
        if (u.hasRule()) {
            b.setRule(u.getRule());
        }
        if (u.hasName()) {
            b.setName(u.getName());
        }
        if (u.hasMetadata()) {
            b.setMetadata(u.getMetadata());
        }
        // LiveKit's applyMapDiff: an empty value deletes the attribute.
        u.getAttributesMap().forEach((k, v) -> {
            if (v.isEmpty()) {
                b.removeAttributes(k);
            } else {
                b.putAttributes(k, v);
            }
        });
        if (u.hasMediaEncryption()) {
            b.setMediaEncryption(u.getMediaEncryption());
        }
        return b;
    }

    synchronized List<SIPDispatchRuleInfo> rules() {
        return List.copyOf(rules.values());
    }

    synchronized SIPDispatchRuleInfo deleteRule(String id) {
        requireId(id, "dispatch rule ID is required");
        SIPDispatchRuleInfo removed = rules.remove(id);
        if (removed == null) {
            throw TwirpError.notFound(RULE_NOT_FOUND);
        }
        changed();
        return removed;
    }

    synchronized void clear() {
        inbound.clear();
        outbound.clear();
        rules.clear();
        changed();
    }

    /** Called after every change, under this inventory's lock (the sandbox saves its state there). */
    synchronized void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /** Puts back trunks and rules saved by an earlier run, ids and times unchanged. */
    synchronized void restore(List<SIPInboundTrunkInfo> in, List<SIPOutboundTrunkInfo> out,
                              List<SIPDispatchRuleInfo> savedRules) {
        in.forEach(t -> inbound.put(t.getSipTrunkId(), t));
        out.forEach(t -> outbound.put(t.getSipTrunkId(), t));
        savedRules.forEach(r -> rules.put(r.getSipDispatchRuleId(), r));
    }

    private void changed() {
        onChange.run();
    }

    private Timestamp now() {
        return Timestamps.fromMillis(clock.millis());
    }

    private static String requireId(String id, String message) {
        if (id.isEmpty()) {
            throw TwirpError.invalidArgument(message);
        }
        return id;
    }

    private static void checkSameId(String infoId, String id, String what) {
        if (!infoId.isEmpty() && !infoId.equals(id)) {
            throw TwirpError.invalidArgument(what + " id in the info must be empty or match the id in the update");
        }
    }
}
