package com.arkenos.telephony.providers.livekit;

import java.util.List;

/**
 * A LiveKit SIP dispatch rule of the kind the product creates: one room per caller ({@code roomPrefix_caller_xxx})
 * with an agent dispatched into it. {@code agentName} and {@code agentMetadata} are null when the rule dispatches no
 * agent; {@code roomPrefix} is null for rules that are not per-caller.
 */
public record DispatchRule(String id, String name, String roomPrefix, List<String> trunkIds, String agentName,
                           String agentMetadata, String metadata) {
    public DispatchRule {
        trunkIds = List.copyOf(trunkIds);
    }
}
