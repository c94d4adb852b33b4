package com.arkenos.telephony.provisioning;

import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.core.log.Metric;
import com.arkenos.telephony.core.store.Page;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.providers.livekit.DispatchRule;
import com.arkenos.telephony.providers.twilio.SipTrunk;
import com.arkenos.telephony.providers.twilio.TwilioGateway;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recorded shared SIP resources checked against what the providers hold, and repaired when they drifted: a
 * resource deleted in a console, or changed so that it no longer routes (an origination URL that no longer points at
 * LiveKit, a termination domain other than the one the outbound trunk dials, a dispatch rule bound to another trunk). A
 * record is never trusted for ever: the sweeper runs {@link #verify} on a schedule, and a step that finds a resource
 * gone repairs it on the spot.
 *
 * <p>Each repair runs under the resource's lease, recreates it with the same find-or-create the first provisioning
 * used, and writes on the record when it was verified ({@value #VERIFIED_AT}) and what was last repaired
 * ({@value #LAST_REPAIR}, {@value #REPAIRED_AT}), which the operator's view shows.
 */
public final class InfraDrift {
    public static final String VERIFIED_AT = InfraStore.VERIFIED_AT;
    public static final String LAST_REPAIR = "last_repair";
    public static final String REPAIRED_AT = "repaired_at";
    /** On the Twilio trunk's record while the routed numbers are being attached to a remade trunk: where to go on. */
    static final String REATTACH_AFTER = "reattach_after";
    private static final String REATTACH_START = "start";
    private static final int REATTACH_PAGE = 100;
    private static final Duration REATTACH_BUDGET = Duration.ofSeconds(20);

    private final SipInfrastructure infra;
    private final NumberStore numbers;
    private final int reattachPage;
    private final Duration reattachBudget;

    public InfraDrift(SipInfrastructure infra, NumberStore numbers) {
        this(infra, numbers, REATTACH_PAGE, REATTACH_BUDGET);
    }

    private InfraDrift(SipInfrastructure infra, NumberStore numbers, int reattachPage, Duration reattachBudget) {
        this.infra = infra;
        this.numbers = numbers;
        this.reattachPage = reattachPage;
        this.reattachBudget = reattachBudget;
    }

    /** This check re-attaching numbers {@code page} at a time for at most {@code budget} a run (tests use small). */
    public InfraDrift withReattachLimits(int page, Duration budget) {
        return new InfraDrift(infra, numbers, page, budget);
    }

    /** Checks every recorded resource; answers the repairs made (empty when nothing drifted). */
    public List<String> verify() {
        List<String> repairs = new ArrayList<>();
        InfraStore store = infra.store();
        store.get(SipInfrastructure.TWILIO_TRUNK).ifPresent(r -> verifyTwilioTrunk(r, repairs));
        store.get(SipInfrastructure.LIVEKIT_INBOUND).ifPresent(r -> verifyInboundTrunk(r.get("id"), repairs));
        store.get(SipInfrastructure.DISPATCH_RULE).ifPresent(r -> verifyDispatchRule(repairs));
        store.get(SipInfrastructure.LIVEKIT_OUTBOUND).ifPresent(r -> verifyOutboundTrunk(r.get("id"), repairs));
        return repairs;
    }

    private void verifyTwilioTrunk(Map<String, String> recorded, List<String> repairs) {
        String sid = recorded.get("sid");
        TwilioGateway t = infra.twilio();
        Optional<SipTrunk> trunk = sid == null ? Optional.empty() : t.fetchTrunk(sid);
        if (trunk.isEmpty()) {
            repairs.add(replaceTwilioTrunk(sid));
            return;
        }
        String reattachFrom = recorded.get(REATTACH_AFTER);
        if (reattachFrom != null) {
            String done = "the remade Twilio trunk " + sid + ": " + reattach(sid, reattachFrom);
            record(SipInfrastructure.TWILIO_TRUNK, done);
            repairs.add(done);
        }
        String domain = recorded.get("domain_name");
        if (domain != null && !domain.equals(trunk.get().domainName())) {
            // The outbound trunk in LiveKit dials the recorded domain: a domain changed in the console breaks every
            // outbound call until it is set back.
            String was = trunk.get().domainName();
            String repair = infra.exclusively(SipInfrastructure.TWILIO_TRUNK, () -> {
                t.updateTrunkDomain(sid, domain);
                return "the Twilio trunk's termination domain was " + (was == null || was.isBlank() ? "removed"
                        : "changed to " + was) + ": set back to " + domain;
            });
            repaired(SipInfrastructure.TWILIO_TRUNK, repair, repairs);
        }
        String sipUrl = "sip:" + infra.settings().liveKitSipUri();
        boolean routes = t.listOriginationUrls(sid).stream().anyMatch(u -> sipUrl.equals(u.sipUrl()) && u.enabled());
        if (!routes) {
            String repair = infra.exclusively(SipInfrastructure.TWILIO_TRUNK, () -> {
                String url = t.createOriginationUrl(sid, "LiveKit SIP", sipUrl, 10, 10).sid();
                infra.store().record(SipInfrastructure.TWILIO_TRUNK, Map.of("origination_url_sid", url,
                        "origination_sip_url", sipUrl));
                return "the Twilio trunk's origination URL to " + sipUrl + " was missing: created " + url;
            });
            repaired(SipInfrastructure.TWILIO_TRUNK, repair, repairs);
        } else {
            verified(SipInfrastructure.TWILIO_TRUNK);
        }
    }

    /**
     * The recorded Twilio trunk is gone: a new one is made (with its origination URL) and the routed numbers are
     * attached to it, or their calls would reach nothing ({@link #reattach}). Termination (the credential list's link
     * and the outbound trunk) is forgotten too and made again by the next outbound call, on the new trunk. Returns
     * the repair.
     */
    public String replaceTwilioTrunk(String goneSid) {
        String repair = infra.exclusively(SipInfrastructure.TWILIO_TRUNK, () -> {
            InfraStore store = infra.store();
            Optional<String> now = store.get(SipInfrastructure.TWILIO_TRUNK).map(r -> r.get("sid"));
            if (now.isPresent() && !now.get().equals(goneSid)) {
                return null; // another run replaced it first
            }
            store.forget(SipInfrastructure.TWILIO_TRUNK);
            store.forget(SipInfrastructure.CREDENTIAL_LIST);
            store.forget(SipInfrastructure.LIVEKIT_OUTBOUND);
            return "";
        });
        if (repair == null) {
            return "the Twilio trunk " + goneSid + " was already replaced";
        }
        String sid = infra.ensureTwilioTrunk();
        infra.store().record(SipInfrastructure.TWILIO_TRUNK, Map.of(REATTACH_AFTER, REATTACH_START));
        String done = "the Twilio trunk " + goneSid + " was gone: made " + sid + " and " + reattach(sid, REATTACH_START)
                + "; termination is made again on the next outbound call";
        record(SipInfrastructure.TWILIO_TRUNK, done);
        return done;
    }

    /**
     * Attaches the routed numbers to the remade Twilio trunk {@code sid}, a page at a time from {@code from} (the
     * recorded {@value #REATTACH_AFTER}), for at most its budget (20 s): a deployment with thousands of
     * numbers cannot attach them all inside one step's or one sweep's timeout. Where it stopped is recorded on the
     * trunk's record after each page and each sweep goes on from there; the record loses the mark when the last page
     * is done. Attaching is idempotent, so two runs going on at once, or one starting again from an older mark, only
     * repeat work. Answers what it did.
     */
    String reattach(String sid, String from) {
        long deadline = System.nanoTime() + reattachBudget.toNanos();
        String after = from.equals(REATTACH_START) ? null : from;
        int attached = 0;
        do {
            Page<String> page = numbers.routedNumbers(reattachPage, after);
            for (String phone : page.items()) {
                Optional<String> numberSid = numbers.find(phone).map(NumberRecord::twilioSid);
                if (numberSid.isPresent()) {
                    infra.twilio().associateNumber(sid, numberSid.get());
                    attached++;
                }
            }
            after = page.nextCursor();
            if (after != null) {
                infra.store().record(SipInfrastructure.TWILIO_TRUNK, Map.of(REATTACH_AFTER, after));
            }
        } while (after != null && System.nanoTime() < deadline);
        if (after != null) {
            return "attached " + attached + " routed numbers so far (the sweep attaches the rest)";
        }
        infra.store().unrecord(SipInfrastructure.TWILIO_TRUNK, REATTACH_AFTER);
        return "attached " + attached + " routed numbers";
    }

    private void verifyInboundTrunk(String id, List<String> repairs) {
        // forgetIfGone lists LiveKit's trunks: a trunk still listed is verified, one that is gone is forgotten.
        if (!infra.forgetIfGone(SipInfrastructure.LIVEKIT_INBOUND, id)) {
            verified(SipInfrastructure.LIVEKIT_INBOUND);
            return;
        }
        List<String> routed = numbers.routedNumbers();
        if (routed.isEmpty()) {
            repairs.add("the LiveKit inbound trunk " + id + " was gone: forgotten (no number is routed)");
            return;
        }
        String trunk = infra.ensureInboundTrunk(routed.get(0));
        String rule = infra.ensureDispatchRule(trunk);
        String done = "the LiveKit inbound trunk " + id + " was gone: made " + trunk + " with " + routed.size()
                + " routed numbers, and dispatch rule " + rule;
        record(SipInfrastructure.LIVEKIT_INBOUND, done);
        repairs.add(done);
    }

    private void verifyDispatchRule(List<String> repairs) {
        Optional<String> trunk = infra.store().get(SipInfrastructure.LIVEKIT_INBOUND).map(r -> r.get("id"));
        if (trunk.isEmpty()) {
            return;
        }
        String repair = checkDispatchRule(trunk.get());
        if (repair != null) {
            repairs.add(repair);
        }
    }

    /**
     * The recorded dispatch rule exists and is bound to the inbound trunk {@code trunkId}; if it is gone or bound
     * elsewhere it is forgotten and made (or rebound) again. Answers the repair, or null when it was in place.
     */
    public String checkDispatchRule(String trunkId) {
        Optional<String> id = infra.store().get(SipInfrastructure.DISPATCH_RULE).map(r -> r.get("id"));
        Optional<DispatchRule> rule = id.flatMap(i -> infra.livekit().listDispatchRules().stream()
                .filter(d -> d.id().equals(i)).findFirst());
        if (rule.isPresent() && rule.get().trunkIds().equals(List.of(trunkId))) {
            verified(SipInfrastructure.DISPATCH_RULE);
            return null;
        }
        String what = rule.isEmpty() ? "was gone" : "was bound to " + rule.get().trunkIds();
        infra.store().forget(SipInfrastructure.DISPATCH_RULE);
        String made = infra.ensureDispatchRule(trunkId);
        String done = "the dispatch rule " + id.orElse("?") + " " + what + ": " + made + " is bound to " + trunkId;
        record(SipInfrastructure.DISPATCH_RULE, done);
        return done;
    }

    private void verifyOutboundTrunk(String id, List<String> repairs) {
        if (!infra.forgetIfGone(SipInfrastructure.LIVEKIT_OUTBOUND, id)) {
            verified(SipInfrastructure.LIVEKIT_OUTBOUND);
        } else {
            repairs.add("the LiveKit outbound trunk " + id + " was gone: forgotten; the next outbound call makes it");
        }
    }

    private void repaired(String resource, String repair, List<String> repairs) {
        record(resource, repair);
        repairs.add(repair);
    }

    private void record(String resource, String repair) {
        String at = Instant.now().toString();
        infra.store().record(resource, Map.of(LAST_REPAIR, repair, REPAIRED_AT, at, VERIFIED_AT, at));
        Log.warn("shared_resource_repaired", "resource", resource, "repair", repair);
        Metric.count("DriftRepaired").dimension("Resource", resource).emit();
    }

    private void verified(String resource) {
        infra.store().record(resource, Map.of(VERIFIED_AT, Instant.now().toString()));
    }
}
