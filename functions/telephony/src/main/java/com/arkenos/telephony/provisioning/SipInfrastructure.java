package com.arkenos.telephony.provisioning;

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

    private final InfraStore store;
    private final Supplier<TwilioGateway> twilio;
    private final Supplier<LiveKitGateway> livekit;
    private final SipSettings settings;

    public SipInfrastructure(InfraStore store, Supplier<TwilioGateway> twilio, Supplier<LiveKitGateway> livekit,
                             SipSettings settings) {
        this.store = store;
        this.twilio = twilio;
        this.livekit = livekit;
        this.settings = settings;
    }

    public InfraStore store() {
        return store;
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
                sid = t.listTrunks().stream().filter(tr -> settings.trunkName().equals(tr.friendlyName()))
                        .map(SipTrunk::sid).findFirst()
                        .orElseGet(() -> t.createTrunk(settings.trunkName()).sid());
                r.put("sid", sid);
                store.record(TWILIO_TRUNK, r);
            }
            if (!r.containsKey("origination_url_sid")) {
                String sipUrl = "sip:" + settings.liveKitSipUri();
                String trunkSid = sid;
                String urlSid = t.listOriginationUrls(sid).stream().filter(u -> sipUrl.equals(u.sipUrl()))
                        .map(OriginationUrl::sid).findFirst()
                        .orElseGet(() -> t.createOriginationUrl(trunkSid, "LiveKit SIP", sipUrl, 10, 10).sid());
                r.put("origination_url_sid", urlSid);
                r.put("origination_sip_url", sipUrl);
                store.record(TWILIO_TRUNK, r);
            }
            return sid;
        });
    }

    /** The LiveKit inbound trunk's id; a new trunk starts with {@code firstNumber} so it is never a catch-all. */
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
            String id = lk.listInboundTrunks().stream().filter(tr -> settings.inboundTrunkName().equals(tr.name()))
                    .map(SipInboundTrunk::id).findFirst()
                    .orElseGet(() -> lk.createInboundTrunk(settings.inboundTrunkName(), List.of(firstNumber),
                            settings.twilioSignallingAddresses(), "{\"managed_by\":\"arkenos\"}").id());
            store.record(LIVEKIT_INBOUND, Map.of("id", id));
            return id;
        });
    }

    /** The dispatch rule's id: an individual room per caller, bound to the inbound trunk, dispatching the agent. */
    public String ensureDispatchRule(String inboundTrunkId) {
        Optional<Map<String, String>> rec = store.get(DISPATCH_RULE);
        if (rec.isPresent()) {
            return rec.get().get("id");
        }
        return underLease(DISPATCH_RULE, () -> {
            Optional<Map<String, String>> again = store.get(DISPATCH_RULE);
            if (again.isPresent()) {
                return again.get().get("id");
            }
            LiveKitGateway lk = livekit.get();
            String id = lk.listDispatchRules().stream().filter(d -> settings.dispatchRuleName().equals(d.name()))
                    .map(DispatchRule::id).findFirst()
                    .orElseGet(() -> lk.createDispatchRule(settings.dispatchRuleName(), settings.roomPrefix(),
                            settings.agentName(), "", List.of(inboundTrunkId), "{\"managed_by\":\"arkenos\"}").id());
            store.record(DISPATCH_RULE, Map.of("id", id));
            return id;
        });
    }

    /**
     * The LiveKit outbound trunk's id, with Twilio termination in place: credential list and credential, the list
     * linked to the trunk, the trunk's termination domain. The password comes from the termination secret and is
     * never rotated here, so a trunk made earlier keeps working.
     */
    public String ensureOutboundTrunk(String firstNumber, TerminationCredentials credentials) {
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
            TwilioGateway t = twilio.get();
            Map<String, String> cl = new LinkedHashMap<>(store.get(CREDENTIAL_LIST).orElse(Map.of()));
            String listSid = cl.get("sid");
            if (listSid == null) {
                listSid = t.listCredentialLists().stream()
                        .filter(c -> settings.credentialListName().equals(c.friendlyName()))
                        .map(CredentialList::sid).findFirst()
                        .orElseGet(() -> t.createCredentialList(settings.credentialListName()).sid());
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
                    domain = t.updateTrunkDomain(trunkSid, settings.terminationDomain()).domainName();
                }
                trunkRec.put("domain_name", domain);
                store.record(TWILIO_TRUNK, trunkRec);
            }
            LiveKitGateway lk = livekit.get();
            String terminationDomain = domain;
            String id = lk.listOutboundTrunks().stream().filter(o -> settings.outboundTrunkName().equals(o.name()))
                    .map(SipOutboundTrunk::id).findFirst()
                    .orElseGet(() -> lk.createOutboundTrunk(settings.outboundTrunkName(), terminationDomain,
                            List.of(firstNumber), credentials.username(), credentials.password(),
                            "{\"managed_by\":\"arkenos\"}").id());
            store.record(LIVEKIT_OUTBOUND, Map.of("id", id, "address", terminationDomain));
            return id;
        });
    }

    /**
     * Deletes the inbound trunk (and the dispatch rule bound to it) once its last number is gone: LiveKit treats an
     * inbound trunk without numbers as a catch-all, which would accept calls for numbers that are not ours. The
     * next provisioning creates both again.
     */
    public void retireInboundTrunk(String trunkId) {
        underLease(LIVEKIT_INBOUND, () -> {
            LiveKitGateway lk = livekit.get();
            store.get(DISPATCH_RULE).ifPresent(rule -> lk.deleteDispatchRule(rule.get("id")));
            store.forget(DISPATCH_RULE);
            lk.deleteTrunk(trunkId);
            store.forget(LIVEKIT_INBOUND);
            return null;
        });
    }

    /** Deletes the outbound trunk once its last number is gone (LiveKit refuses an outbound trunk without numbers). */
    public void retireOutboundTrunk(String trunkId) {
        underLease(LIVEKIT_OUTBOUND, () -> {
            livekit.get().deleteTrunk(trunkId);
            store.forget(LIVEKIT_OUTBOUND);
            return null;
        });
    }

    /**
     * A recorded trunk that LiveKit no longer has (retired by a release that removed its last number, or deleted by
     * hand): forget it so the retried step creates it again.
     */
    public InfraBusyException vanished(String resource, String id) {
        store.get(resource).filter(r -> id.equals(r.get("id"))).ifPresent(r -> store.forget(resource));
        if (resource.equals(LIVEKIT_INBOUND)) {
            store.forget(DISPATCH_RULE);
        }
        return new InfraBusyException(resource);
    }

    public Optional<String> recordedId(String resource, String attribute) {
        return store.get(resource).map(m -> m.get(attribute));
    }

    private <T> T underLease(String resource, Supplier<T> create) {
        String holder = UUID.randomUUID().toString();
        if (!store.tryLease(resource, holder, LEASE_SECONDS)) {
            throw new InfraBusyException(resource);
        }
        try {
            return create.get();
        } finally {
            store.releaseLease(resource, holder);
        }
    }
}
