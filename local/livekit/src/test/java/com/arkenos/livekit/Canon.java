package com.arkenos.livekit;

import com.arkenos.telephony.providers.livekit.DispatchRule;
import com.arkenos.telephony.providers.livekit.SipInboundTrunk;
import com.arkenos.telephony.providers.livekit.SipOutboundTrunk;
import com.arkenos.telephony.providers.livekit.SipParticipant;
import livekit.LivekitAgentDispatch.AgentDispatch;
import livekit.LivekitModels.Room;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a result looks like once the parts that legitimately differ between two LiveKits are taken out: generated
 * ids become {@code ST_#1}, {@code SDR_#1}... (prefix kept: the gateway and the product check it) in order of first
 * appearance, so two runs that create the same things print the same text. Only the fields the gateway reads (or,
 * for rooms and dispatches, the fields the product sets) are printed.
 */
final class Canon {
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();

    String of(Object value) {
        if (value == null) {
            return "ok";
        }
        if (value instanceof Collection<?> c) {
            // Listings are compared as sets: neither LiveKit promises an order and the gateway relies on none.
            return c.stream().map(this::of).sorted().collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof SipInboundTrunk t) {
            return "inbound{id=" + id(t.id()) + " name=" + t.name() + " numbers=" + t.numbers()
                    + " allowed=" + t.allowedAddresses() + " metadata=" + t.metadata() + "}";
        }
        if (value instanceof SipOutboundTrunk t) {
            return "outbound{id=" + id(t.id()) + " name=" + t.name() + " address=" + t.address()
                    + " numbers=" + t.numbers() + " user=" + t.authUsername() + " metadata=" + t.metadata() + "}";
        }
        if (value instanceof DispatchRule r) {
            return "rule{id=" + id(r.id()) + " name=" + r.name() + " prefix=" + r.roomPrefix()
                    + " trunks=" + r.trunkIds().stream().map(this::id).toList() + " agent=" + r.agentName()
                    + " agentMetadata=" + r.agentMetadata() + " metadata=" + r.metadata() + "}";
        }
        if (value instanceof SipParticipant p) {
            return "participant{identity=" + p.identity() + " room=" + p.roomName() + "}";
        }
        if (value instanceof Room r) {
            return "room{name=" + r.getName() + " metadata=" + r.getMetadata() + " emptyTimeout="
                    + r.getEmptyTimeout() + "}";
        }
        if (value instanceof AgentDispatch d) {
            // Only the id's prefix: nothing reads dispatch ids back, and their aliases would follow the listing's
            // order, which is the server's map order on the real one.
            return "dispatch{room=" + d.getRoom() + " agent=" + d.getAgentName() + " metadata=" + d.getMetadata()
                    + " id=" + prefix(d.getId()) + "*}";
        }
        if (value instanceof com.google.protobuf.Message m) {
            return m.getDescriptorForType().getName() + "{" + text(com.google.protobuf.TextFormat.shortDebugString(m))
                    + "}";
        }
        return String.valueOf(value);
    }

    /** {@code ST_abc123} -> {@code ST_#1}; the same id always gets the same alias within one run. */
    String id(String id) {
        if (id == null || id.isEmpty()) {
            return "<none>";
        }
        return aliases.computeIfAbsent(id, k -> {
            int underscore = k.indexOf('_');
            String prefix = underscore < 0 ? "?" : k.substring(0, underscore + 1);
            return prefix + "#" + counters.merge(prefix, 1, Integer::sum);
        });
    }

    private static String prefix(String id) {
        int underscore = id.indexOf('_');
        return underscore < 0 ? "?" : id.substring(0, underscore + 1);
    }

    /** Replaces every known id in free text (error messages) by its alias. */
    String text(String s) {
        String out = s;
        for (var e : aliases.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }
}
