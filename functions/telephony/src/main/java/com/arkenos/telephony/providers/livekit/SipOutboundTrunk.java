package com.arkenos.telephony.providers.livekit;

import java.util.List;

/** A LiveKit outbound SIP trunk. The auth password is write-only: it is never read back into this record. */
public record SipOutboundTrunk(String id, String name, String address, List<String> numbers, String authUsername,
                               String metadata) {
    public SipOutboundTrunk {
        numbers = List.copyOf(numbers);
    }
}
