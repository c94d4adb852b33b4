package com.arkenos.telephony.providers.livekit;

import java.util.List;

/** A LiveKit inbound SIP trunk: the numbers it answers and the source addresses it trusts. */
public record SipInboundTrunk(String id, String name, List<String> numbers, List<String> allowedAddresses,
                              String metadata) {
    public SipInboundTrunk {
        numbers = List.copyOf(numbers);
        allowedAddresses = List.copyOf(allowedAddresses);
    }
}
