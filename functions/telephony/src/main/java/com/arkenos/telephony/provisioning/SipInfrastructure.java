package com.arkenos.telephony.provisioning;

import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.providers.TerminationCredentials;
import com.arkenos.telephony.providers.livekit.LiveKitGateway;
import com.arkenos.telephony.providers.livekit.SipInboundTrunk;
import com.arkenos.telephony.providers.livekit.SipOutboundTrunk;
import com.arkenos.telephony.providers.livekit.DispatchRule;
import com.arkenos.telephony.providers.twilio.TwilioGateway;
import com.arkenos.telephony.providers.twilio.SipTrunk;
import com.arkenos.telephony.providers.twilio.OriginationUrl;
import com.arkenos.telephony.providers.twilio.CredentialList;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The shared SIP pieces every number uses, each created once per deployment and recorded in DynamoDB:
 * <ul>
 *   <li>one Twilio Elastic SIP trunk whose origination URL points at LiveKit's SIP endpoint;</li>
 *   <li>one LiveKit inbound trunk that only accepts Twilio's signalling addresses;</li>
 *   <li>one dispatch rule, bound to that trunk, creating a room per caller with the agent dispatched;</li>
 *   <li>termination: a Twilio credential list linked to the trunk, its termination domain, and one LiveKit
 *       outbound trunk that authenticates with those credentials.</li>
 * </ul>
 * Every ensure method answers from the record when the resource is recorded (no provider call, so the Nth number
 * costs what the first one did after creation). Otherwise it takes a lease, adopts a resource of the same name that
 * a crashed run created but did not record, or creates it, and records it before returning.
 */
public final class SipInfrastructure {
    public static final String TWILIO_TRUNK = "twilio_trunk";
    public static final String LIVEKIT_INBOUND = "livekit_inbound_trunk";
    public static final String DISPATCH_RULE = "livekit_dispatch_rule";
    public static final String CREDENTIAL_LIST = "twilio_credential_list";
    public static final String LIVEKIT_OUTBOUND = "livekit_outbound_trunk";

    private static final int LEASE_SECONDS = 60;
    /**
     * Pauses (each jittered between half and all of it, about 0.45 s in all) before asking again for a lease another
     * holder has: adding a number holds its trunk's lease for one LiveKit call, so concurrent buys mostly get it
     * within the step instead of spending a Step Functions retry; a lease still held after them is
     * {@link InfraBusyException}, which the state machine retries on its own schedule.
     */
    private static final long[] LEASE_PAUSES_MS = {20, 60, 120, 250};

    private final InfraStore store;
    private final Supplier<TwilioGateway> twilio;
    private final Supplier<LiveKitGateway> livekit;
    private final Supplier<SipSettings> settings;
    private volatile SipSettings resolvedSettings;
    private final Supplier<List<String>> routedNumbers;

    public SipInfrastructure(InfraStore store, Supplier<TwilioGateway> twilio, Supplier<LiveKitGateway> livekit,
                             SipSettings settings) {
        this(store, twilio, livekit, settings, List::of);
    }

    /**
     * @param routedNumbers the numbers that are routed now (ACTIVE): a LiveKit trunk created while some exist (its
     *                      predecessor was deleted out of band) starts with them, or they would stay ACTIVE without
     *                      being reachable, and no retry would put them back
     */
    public SipInfrastructure(InfraStore store, Supplier<TwilioGateway> twilio, Supplier<LiveKitGateway> livekit,
                             SipSettings settings, Supplier<List<String>> routedNumbers) {
        this(store, twilio, livekit, () -> settings, routedNumbers);
    }

    /**
     * With settings made on first use: they name LiveKit's SIP URI and the Twilio account, which in AWS come from
     * Secrets Manager, and an outbound call that finds its trunk recorded needs neither.
     */
    public SipInfrastructure(InfraStore store, Supplier<TwilioGateway> twilio, Supplier<LiveKitGateway> livekit,
                             Supplier<SipSettings> settings, Supplier<List<String>> routedNumbers) {
        this.store = store;
        this.twilio = twilio;
        this.livekit = livekit;
        this.settings = settings;
        this.routedNumbers = routedNumbers;
    }

    SipSettings settings() {
        SipSettings s = resolvedSettings;
        if (s == null) {
            s = settings.get();
            resolvedSettings = s;
        }
        return s;
    }

    /** {@code first} and the numbers routed now, without duplicates: what a new trunk starts with. */
    private List<String> startingNumbers(String first) {
        java.util.LinkedHashSet<String> numbers = new java.util.LinkedHashSet<>();
        numbers.add(first);
        numbers.addAll(routedNumbers.get());
        return List.copyOf(numbers);
    }

    public InfraStore store() {
        return store;
    }

    TwilioGateway twilio() {
        return twilio.get();
    }

    LiveKitGateway livekit() {
        return livekit.get();
    }

    /** The Twilio trunk's sid, with the origination URL to LiveKit in place. */
    public String ensureTwilioTrunk() {
        Optional<Map<String, String>> rec = store.get(TWILIO_TRUNK);
        if (rec.isPresent() && rec.get().containsKey("origination_url_sid")) {
            return rec.get().get("sid");
        }
        return underLease(TWILIO_TRUNK, () -> {
            Map<String, String> r = new LinkedHashMap<>(store.get(TWILIO_TRUNK).orElse(Map.of()));
            TwilioGateway t = twilio.get();
            String sid = r.get("sid");
            if (sid == null) {
                sid = t.listTrunks().stream().filter(tr -> settings().trunkName().equals(tr.friendlyName()))
                        .map(SipTrunk::sid).findFirst()
                        .orElseGet(() -> t.createTrunk(settings().trunkName()).sid());
                r.put("sid", sid);
                store.record(TWILIO_TRUNK, r);
            }
            if (!r.containsKey("origination_url_sid")) {
                String sipUrl = "sip:" + settings().liveKitSipUri();
                String trunkSid = sid;
                String urlSid = t.listOriginationUrls(sid).stream().filter(u -> sipUrl.equals(u.sipUrl()))
                        .map(OriginationUrl::sid).findFirst()
                        .orElseGet(() -> t.createOriginationUrl(trunkSid, "LiveKit SIP", sipUrl, 10, 10).sid());
                r.put("origination_url_sid", urlSid);
                r.put("origination_sip_url", sipUrl);
                r.put(InfraStore.VERIFIED_AT, now());
                store.record(TWILIO_TRUNK, r);
            }
            return sid;
        });
    }

    /**
     * The LiveKit inbound trunk's id; a new trunk starts with {@code firstNumber} (so it is never a catch-all) and the
     * numbers already routed.
     */
    public String ensureInboundTrunk(String firstNumber) {
        Optional<Map<String, String>> rec = store.get(LIVEKIT_INBOUND);
        if (rec.isPresent()) {
            return rec.get().get("id");
        }
        return underLease(LIVEKIT_INBOUND, () -> {
            Optional<Map<String, String>> again = store.get(LIVEKIT_INBOUND);
            if (again.isPresent()) {
                return again.get().get("id");
            }
            LiveKitGateway lk = livekit.get();
            String id = lk.listInboundTrunks().stream().filter(tr -> settings().inboundTrunkName().equals(tr.name()))
                    .map(SipInboundTrunk::id).findFirst()
                    .orElseGet(() -> lk.createInboundTrunk(settings().inboundTrunkName(), startingNumbers(firstNumber),
                            settings().twilioSignallingAddresses(), "{\"managed_by\":\"arkenos\"}").id());
            store.record(LIVEKIT_INBOUND, Map.of("id", id, InfraStore.VERIFIED_AT, now()));
            return id;
        });
    }

    /** The dispatch rule's id: an individual room per caller, bound to the inbound trunk, dispatching the agent. */
    public String ensureDispatchRule(String inboundTrunkId) {
        Optional<Map<String, String>> rec = store.get(DISPATCH_RULE);
        if (rec.isPresent()) {
            return rec.get().get("id");
        }
        // Under the inbound trunk's lease, which its retirement holds too: a rule is made only for the trunk that is
        // recorded now, never for one being retired (it would be bound to a trunk that is gone and match no call).
        return underLease(LIVEKIT_INBOUND, () -> {
            Optional<Map<String, String>> again = store.get(DISPATCH_RULE);
            if (again.isPresent()) {
                return again.get().get("id");
            }
            if (!store.get(LIVEKIT_INBOUND).map(r -> inboundTrunkId.equals(r.get("id"))).orElse(false)) {
                throw new InfraBusyException(LIVEKIT_INBOUND);
            }
            LiveKitGateway lk = livekit.get();
            Optional<DispatchRule> found = lk.listDispatchRules().stream()
                    .filter(d -> settings().dispatchRuleName().equals(d.name())).findFirst();
            // A rule left from an inbound trunk that is gone would match no call: it is bound to this trunk first.
            found.filter(d -> !List.of(inboundTrunkId).equals(d.trunkIds())).ifPresent(d -> lk.updateDispatchRule(
                    d.id(), settings().dispatchRuleName(), settings().roomPrefix(), settings().agentName(), "",
                    List.of(inboundTrunkId), "{\"managed_by\":\"arkenos\"}"));
            String id = found.map(DispatchRule::id)
                    .orElseGet(() -> lk.createDispatchRule(settings().dispatchRuleName(), settings().roomPrefix(),
                            settings().agentName(), "", List.of(inboundTrunkId), "{\"managed_by\":\"arkenos\"}").id());
            store.record(DISPATCH_RULE, Map.of("id", id, InfraStore.VERIFIED_AT, now()));
            return id;
        });
    }

    /**
     * The LiveKit outbound trunk's id, with Twilio termination in place: credential list and credential, the list
     * linked to the trunk, the trunk's termination domain. The password comes from the termination secret and is
     * never rotated here, so a trunk made earlier keeps working.
     */
    public String ensureOutboundTrunk(String firstNumber, TerminationCredentials credentials) {
        return ensureOutboundTrunk(firstNumber, () -> credentials);
    }

    /** As above, reading the termination credentials only when the trunk has to be made. */
    public String ensureOutboundTrunk(String firstNumber, Supplier<TerminationCredentials> termination) {
        Optional<Map<String, String>> rec = store.get(LIVEKIT_OUTBOUND);
        if (rec.isPresent()) {
            return rec.get().get("id");
        }
        String trunkSid = ensureTwilioTrunk();
        return underLease(LIVEKIT_OUTBOUND, () -> {
            Optional<Map<String, String>> again = store.get(LIVEKIT_OUTBOUND);
            if (again.isPresent()) {
                return again.get().get("id");
            }
            TerminationCredentials credentials = termination.get();
            TwilioGateway t = twilio.get();
            Map<String, String> cl = new LinkedHashMap<>(store.get(CREDENTIAL_LIST).orElse(Map.of()));
            String listSid = cl.get("sid");
            if (listSid == null) {
                listSid = t.listCredentialLists().stream()
                        .filter(c -> settings().credentialListName().equals(c.friendlyName()))
                        .map(CredentialList::sid).findFirst()
                        .orElseGet(() -> t.createCredentialList(settings().credentialListName()).sid());
                cl.put("sid", listSid);
                store.record(CREDENTIAL_LIST, cl);
            }
            if (!cl.containsKey("username")) {
                if (!t.listCredentialUsernames(listSid).contains(credentials.username())) {
                    t.createCredential(listSid, credentials.username(), credentials.password());
                }
                cl.put("username", credentials.username());
                store.record(CREDENTIAL_LIST, cl);
            }
            if (!cl.containsKey("linked_trunk")) {
                t.linkCredentialList(trunkSid, listSid);
                cl.put("linked_trunk", trunkSid);
                store.record(CREDENTIAL_LIST, cl);
            }
            Map<String, String> trunkRec = new LinkedHashMap<>(store.get(TWILIO_TRUNK).orElse(Map.of()));
            String domain = trunkRec.get("domain_name");
            if (domain == null) {
                SipTrunk trunk = t.fetchTrunk(trunkSid).orElseThrow(() -> new IllegalStateException(
                        "the recorded Twilio trunk " + trunkSid + " no longer exists"));
                domain = trunk.domainName();
                if (domain == null || domain.isBlank()) {
                    domain = t.updateTrunkDomain(trunkSid, settings().terminationDomain()).domainName();
                }
                trunkRec.put("domain_name", domain);
                store.record(TWILIO_TRUNK, trunkRec);
            }
            LiveKitGateway lk = livekit.get();
            String address = settings().outboundTrunkAddress(domain);
            String id = lk.listOutboundTrunks().stream().filter(o -> settings().outboundTrunkName().equals(o.name()))
                    .map(SipOutboundTrunk::id).findFirst()
                    .orElseGet(() -> lk.createOutboundTrunk(settings().outboundTrunkName(), address,
                            startingNumbers(firstNumber), credentials.username(), credentials.password(),
                            "{\"managed_by\":\"arkenos\"}").id());
            store.record(LIVEKIT_OUTBOUND, Map.of("id", id, "address", address, InfraStore.VERIFIED_AT, now()));
            return id;
        });
    }

    /**
     * Takes {@code phone} off the inbound trunk, retiring the trunk (and the dispatch rule bound to it) when it was
     * the last number: LiveKit treats an inbound trunk without numbers as a catch-all, which would accept calls for
     * numbers that are not ours. Decided under the trunk's lease, which numbers being added hold too (see
     * {@link #exclusively}), so a number added meanwhile is never deleted with the trunk. A record is forgotten
     * only once LiveKit no longer lists the resource: the gateway counts a not-found delete as done, and forgetting
     * a resource that still exists would leave a catch-all trunk (or a rule) that nothing points at any more.
     */
    public void retireInboundTrunk(String trunkId, String phone) {
        underLease(LIVEKIT_INBOUND, () -> {
            LiveKitGateway lk = livekit.get();
            Optional<SipInboundTrunk> trunk = lk.listInboundTrunks().stream()
                    .filter(t -> trunkId.equals(t.id())).findFirst();
            List<String> numbers = trunk.map(SipInboundTrunk::numbers).orElse(List.of());
            if (numbers != null && numbers.stream().anyMatch(n -> !n.equals(phone))) {
                if (numbers.contains(phone)) {
                    lk.updateInboundTrunkNumbers(trunkId, List.of(), List.of(phone));
                }
                return null;
            }
            Optional<Map<String, String>> rule = store.get(DISPATCH_RULE);
            if (rule.isPresent()) {
                String ruleId = rule.get().get("id");
                lk.deleteDispatchRule(ruleId);
                if (lk.listDispatchRules().stream().anyMatch(d -> ruleId.equals(d.id()))) {
                    throw stillThere("SIP.DeleteSIPDispatchRule", "dispatch rule " + ruleId);
                }
                store.forget(DISPATCH_RULE);
            }
            if (trunk.isPresent()) {
                lk.deleteTrunk(trunkId);
                if (lk.listInboundTrunks().stream().anyMatch(t -> trunkId.equals(t.id()))) {
                    throw stillThere("SIP.DeleteSIPTrunk", "inbound trunk " + trunkId);
                }
            }
            store.forget(LIVEKIT_INBOUND);
            return null;
        });
    }

    /**
     * Takes {@code phone} off the outbound trunk, deleting the trunk when it was the last number (LiveKit refuses an
     * outbound trunk without numbers); decided under the trunk's lease, like {@link #retireInboundTrunk}.
     */
    public void retireOutboundTrunk(String trunkId, String phone) {
        underLease(LIVEKIT_OUTBOUND, () -> {
            LiveKitGateway lk = livekit.get();
            Optional<SipOutboundTrunk> trunk = lk.listOutboundTrunks().stream()
                    .filter(t -> trunkId.equals(t.id())).findFirst();
            List<String> numbers = trunk.map(SipOutboundTrunk::numbers).orElse(List.of());
            if (numbers != null && numbers.stream().anyMatch(n -> !n.equals(phone))) {
                if (numbers.contains(phone)) {
                    lk.updateOutboundTrunkNumbers(trunkId, List.of(), List.of(phone));
                }
                return null;
            }
            if (trunk.isPresent()) {
                lk.deleteTrunk(trunkId);
                if (lk.listOutboundTrunks().stream().anyMatch(t -> trunkId.equals(t.id()))) {
                    throw stillThere("SIP.DeleteSIPTrunk", "outbound trunk " + trunkId);
                }
            }
            store.forget(LIVEKIT_OUTBOUND);
            return null;
        });
    }

    /**
     * Runs {@code change} (adding a number to a shared LiveKit trunk) under that trunk's lease, so that it never
     * interleaves with the trunk's retirement; another holder makes it {@link InfraBusyException} (retried).
     */
    public <T> T exclusively(String resource, Supplier<T> change) {
        return underLease(resource, change);
    }

    /**
     * As {@link #exclusively(String, Supplier)}, for a step that must still own its number: the lease is taken in one
     * request with the fence's check and given back in one with its record of what {@code change} answered
     * ({@link StepFence}). A number that is no longer the step's throws the fence's {@code superseded}, having
     * changed nothing when the check failed first.
     */
    public String exclusively(String resource, StepFence fence, Supplier<String> change) {
        String holder = UUID.randomUUID().toString();
        for (int attempt = 0; ; attempt++) {
            InfraStore.Taken taken = store.tryLease(resource, holder, LEASE_SECONDS, fence.check());
            if (taken == InfraStore.Taken.TAKEN) {
                break;
            }
            if (taken == InfraStore.Taken.FENCED) {
                throw fence.superseded().get();
            }
            if (attempt == LEASE_PAUSES_MS.length || !pause(LEASE_PAUSES_MS[attempt])) {
                throw new InfraBusyException(resource);
            }
        }
        String result;
        try {
            result = change.get();
        } catch (RuntimeException e) {
            store.releaseLease(resource, holder);
            throw e;
        }
        if (!store.releaseLease(resource, holder, fence.done().apply(result))) {
            throw fence.superseded().get();
        }
        return result;
    }

    /**
     * A recorded trunk that LiveKit answered not_found for: forgets it (and, for the inbound trunk, the rule bound to
     * it) when LiveKit confirms it no longer lists it, so the retried step creates it again; answers whether it did.
     * A trunk that is still listed keeps its record: forgetting it would orphan a live trunk that still routes its
     * numbers.
     */
    public boolean forgetIfGone(String resource, String id) {
        LiveKitGateway lk = livekit.get();
        boolean listed = resource.equals(LIVEKIT_INBOUND)
                ? lk.listInboundTrunks().stream().anyMatch(t -> id.equals(t.id()))
                : lk.listOutboundTrunks().stream().anyMatch(t -> id.equals(t.id()));
        if (listed) {
            return false;
        }
        store.get(resource).filter(r -> id.equals(r.get("id"))).ifPresent(r -> store.forget(resource));
        if (resource.equals(LIVEKIT_INBOUND)) {
            store.forget(DISPATCH_RULE);
        }
        return true;
    }

    /**
     * For a step that must add a number to a trunk LiveKit answered not_found for: the trunk is forgotten if it is
     * really gone, and either way the step is retried (then creating it, or trying again).
     */
    public RuntimeException vanished(String resource, String id) {
        return forgetIfGone(resource, id) ? new InfraBusyException(resource)
                : stillThere("SIP.Update", resource.replace('_', ' ') + " " + id);
    }

    /** LiveKit said a resource was not there (or is gone) but still lists it: a transient contradiction, retried. */
    public static ProviderException stillThere(String operation, String what) {
        return new ProviderException.Transient("livekit", operation, 404, "not_found",
                "LiveKit answered not_found but still lists " + what + "; retrying", null);
    }

    private static String now() {
        return java.time.Instant.now().toString();
    }

    public Optional<String> recordedId(String resource, String attribute) {
        return store.get(resource).map(m -> m.get(attribute));
    }

    private <T> T underLease(String resource, Supplier<T> create) {
        String holder = UUID.randomUUID().toString();
        if (!acquire(resource, holder)) {
            throw new InfraBusyException(resource);
        }
        try {
            return create.get();
        } finally {
            store.releaseLease(resource, holder);
        }
    }

    private boolean acquire(String resource, String holder) {
        for (int attempt = 0; ; attempt++) {
            if (store.tryLease(resource, holder, LEASE_SECONDS)) {
                return true;
            }
            if (attempt == LEASE_PAUSES_MS.length || !pause(LEASE_PAUSES_MS[attempt])) {
                return false;
            }
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(millis / 2, millis + 1));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
