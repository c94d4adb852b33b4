package com.arkenos.telephony.provisioning;

import com.arkenos.telephony.numbers.SharedRoute;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a provisioning starting now may skip its Ensure steps: every shared piece it routes through is recorded,
 * each was verified against its provider within {@link #FRESH} (when it was made, or by the sweep, which runs every
 * five minutes and repairs what drifted), and the Twilio trunk is not waiting for its numbers to be attached again
 * after it was remade. Read in one consistent request; anything less answers empty, and the steps run.
 */
public final class SharedRoutes {
    /** Two sweeps' worth: one sweep that could not reach a provider does not yet send buys down the long path. */
    static final Duration FRESH = Duration.ofMinutes(10);
    private static final List<String> PIECES = List.of(SipInfrastructure.TWILIO_TRUNK,
            SipInfrastructure.LIVEKIT_INBOUND, SipInfrastructure.DISPATCH_RULE, SipInfrastructure.LIVEKIT_OUTBOUND);

    private final InfraStore store;
    private final Clock clock;

    public SharedRoutes(InfraStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<SharedRoute> verified() {
        Map<String, Map<String, String>> records;
        try {
            records = store.getAll(PIECES);
        } catch (RuntimeException e) {
            return Optional.empty(); // the Ensure steps read them again, with their own retries
        }
        Instant oldest = clock.instant().minus(FRESH);
        for (String piece : PIECES) {
            Map<String, String> r = records.get(piece);
            if (r == null || !recent(r.get(InfraStore.VERIFIED_AT), oldest)) {
                return Optional.empty();
            }
        }
        Map<String, String> twilio = records.get(SipInfrastructure.TWILIO_TRUNK);
        if (twilio.containsKey(InfraDrift.REATTACH_AFTER) || !twilio.containsKey("origination_url_sid")) {
            return Optional.empty();
        }
        String inbound = records.get(SipInfrastructure.LIVEKIT_INBOUND).get("id");
        String rule = records.get(SipInfrastructure.DISPATCH_RULE).get("id");
        String outbound = records.get(SipInfrastructure.LIVEKIT_OUTBOUND).get("id");
        if (twilio.get("sid") == null || inbound == null || rule == null || outbound == null) {
            return Optional.empty();
        }
        return Optional.of(new SharedRoute(twilio.get("sid"), inbound, rule, outbound));
    }

    private static boolean recent(String at, Instant oldest) {
        if (at == null) {
            return false;
        }
        try {
            return Instant.parse(at).isAfter(oldest);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
