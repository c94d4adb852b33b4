package com.arkenos.local.reliability;

import com.arkenos.devkit.twilio.SandboxCredentialList;
import com.arkenos.devkit.twilio.SandboxNumber;
import com.arkenos.devkit.twilio.SandboxTrunk;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.numbers.NumberStore;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether what the providers hold equals what DynamoDB records: the Twilio account and trunk, credential lists, the
 * LiveKit inbound and outbound trunks and dispatch rules against SipInfraTable and the numbers table, and the agents'
 * numbers against the numbers' agents. Every difference is a violation: an orphan (at a provider, not recorded), a
 * duplicate, a recorded resource that is gone, a number routed that should not be or not routed that should be.
 */
final class Consistency {
    /** What the check saw, for the figures. */
    record Counts(int twilioTrunks, int inboundTrunks, int dispatchRules, int outboundTrunks, int credentialLists,
                  int maxPurchases, int numbers) {}

    private Consistency() {
    }

    /**
     * Violations of the invariants. Orphans, duplicates and wrong routing are always violations; {@code strict}
     * (a settled final state) also refuses a record whose resource is gone and a lease still held, which a FAILED
     * operation may leave behind for its retry to clean up.
     */
    static List<String> check(World w, boolean strict) {
        List<String> v = new ArrayList<>();
        Map<String, Map<String, String>> infra = new HashMap<>();
        for (Map<String, AttributeValue> item : scan(w, "SipInfraTable")) {
            String id = item.get("resource_id").s();
            if (id.endsWith("#lease")) {
                if (strict) {
                    v.add("lease still held on " + id);
                }
                continue;
            }
            Map<String, String> attrs = new HashMap<>();
            item.forEach((k, a) -> {
                if (a.s() != null) {
                    attrs.put(k, a.s());
                }
            });
            infra.put(id, attrs);
        }
        List<NumberRecord> numbers = numberItems(w).stream().map(NumberStore::fromItem).toList();
        Map<String, NumberRecord> byPhone =
                numbers.stream().collect(Collectors.toMap(NumberRecord::phoneNumber, n -> n));
        Set<String> routedPhones = numbers.stream().filter(n -> n.status() == NumberStatus.ACTIVE)
                .map(NumberRecord::phoneNumber).collect(Collectors.toSet());
        Set<String> unroutedPhones = numbers.stream().filter(n -> n.status() == NumberStatus.RELEASED)
                .map(NumberRecord::phoneNumber).collect(Collectors.toSet());
        Set<String> livePhones = numbers.stream().filter(n -> n.status() != NumberStatus.RELEASED)
                .map(NumberRecord::phoneNumber).collect(Collectors.toSet());

        // --- the Twilio account: money
        List<SandboxNumber> owned = w.twilio.ownedNumbers();
        Map<String, SandboxNumber> ownedByPhone = new HashMap<>();
        for (SandboxNumber n : owned) {
            if (ownedByPhone.put(n.phoneNumber(), n) != null) {
                v.add("Twilio holds " + n.phoneNumber() + " twice");
            }
            int purchases = w.twilio.purchases(n.phoneNumber());
            if (purchases > 1) {
                v.add("Twilio sold " + n.phoneNumber() + " " + purchases + " times");
            }
            if (!byPhone.containsKey(n.phoneNumber()) && !w.preowned.contains(n.phoneNumber())) {
                v.add("orphan purchase: " + n.phoneNumber() + " is in the Twilio account with no record");
            }
        }
        for (NumberRecord n : numbers) {
            SandboxNumber o = ownedByPhone.get(n.phoneNumber());
            if (n.status() != NumberStatus.PURCHASING && o == null) {
                v.add(n.phoneNumber() + " is " + n.status() + " but not in the Twilio account");
            }
            if (o != null && n.twilioSid() != null && !n.twilioSid().equals(o.sid())) {
                v.add(n.phoneNumber() + " records sid " + n.twilioSid() + ", Twilio has " + o.sid());
            }
        }
        Map<String, String> phoneBySid =
                owned.stream().collect(Collectors.toMap(SandboxNumber::sid, SandboxNumber::phoneNumber));

        // --- the Twilio trunk
        Map<String, String> trunkRec = infra.get("twilio_trunk");
        List<SandboxTrunk> trunks = w.twilio.trunks();
        Set<String> recordedTrunk = trunkRec == null || trunkRec.get("sid") == null
                ? Set.of()
                : Set.of(trunkRec.get("sid"));
        same(v, strict, "Twilio trunks", recordedTrunk,
                trunks.stream().map(SandboxTrunk::sid).collect(Collectors.toSet()));
        for (SandboxTrunk t : trunks) {
            if (!recordedTrunk.contains(t.sid())) {
                continue;
            }
            String url = trunkRec.get("origination_url_sid");
            same(v, strict, "origination URLs of " + t.sid(), url == null ? Set.of() : Set.of(url),
                    t.originationUrls().stream().map(u -> u.sid()).collect(Collectors.toSet()));
            if (trunkRec.get("domain_name") != null && !trunkRec.get("domain_name").equals(t.domainName())) {
                v.add("trunk domain " + t.domainName() + " but recorded " + trunkRec.get("domain_name"));
            }
            Set<String> onTrunk = t.phoneNumberSids().stream().map(s -> phoneBySid.getOrDefault(s, s))
                    .collect(Collectors.toSet());
            member(v, "the Twilio trunk", onTrunk, routedPhones, unroutedPhones, livePhones);
            Map<String, String> cl = infra.get("twilio_credential_list");
            Set<String> linked = cl == null || cl.get("linked_trunk") == null ? Set.of() : Set.of(cl.get("sid"));
            if (cl != null && cl.get("linked_trunk") != null && !cl.get("linked_trunk").equals(t.sid())) {
                v.add("credential list recorded as linked to " + cl.get("linked_trunk") + ", not " + t.sid());
            }
            same(v, strict, "credential lists linked to the trunk", linked, t.credentialListSids());
            same(v, strict, "IP access control lists linked to the trunk", Set.of(), t.ipAccessControlListSids());
        }
        // --- credential lists
        Map<String, String> clRec = infra.get("twilio_credential_list");
        List<SandboxCredentialList> lists = w.twilio.credentialLists();
        same(v, strict, "credential lists",
                clRec == null || clRec.get("sid") == null ? Set.of() : Set.of(clRec.get("sid")),
                lists.stream().map(SandboxCredentialList::sid).collect(Collectors.toSet()));
        for (SandboxCredentialList l : lists) {
            if (clRec != null && l.sid().equals(clRec.get("sid"))) {
                Set<String> users = new HashSet<>(l.usernames());
                if (users.size() != l.usernames().size()) {
                    v.add("credential list " + l.sid() + " holds a username twice");
                }
                same(v, strict, "credentials of " + l.sid(),
                        clRec.get("username") == null ? Set.of() : Set.of(clRec.get("username")), users);
            }
        }
        same(v, strict, "IP access control lists", Set.of(), w.twilio.ipAccessControlLists().stream().map(a -> a.sid())
                .collect(Collectors.toSet()));

        // --- LiveKit inbound trunk and dispatch rule
        Map<String, String> inRec = infra.get("livekit_inbound_trunk");
        List<SIPInboundTrunkInfo> inbound = w.livekit.inboundTrunks();
        same(v, strict, "LiveKit inbound trunks", inRec == null ? Set.of() : Set.of(inRec.get("id")),
                inbound.stream().map(SIPInboundTrunkInfo::getSipTrunkId).collect(Collectors.toSet()));
        for (SIPInboundTrunkInfo t : inbound) {
            if (t.getNumbersCount() == 0) {
                v.add("inbound trunk " + t.getSipTrunkId() + " has no numbers: a catch-all");
            }
            member(v, "the inbound trunk", new HashSet<>(t.getNumbersList()), routedPhones, unroutedPhones, livePhones);
        }
        Map<String, String> ruleRec = infra.get("livekit_dispatch_rule");
        List<SIPDispatchRuleInfo> rules = w.livekit.dispatchRules();
        same(v, strict, "dispatch rules", ruleRec == null ? Set.of() : Set.of(ruleRec.get("id")),
                rules.stream().map(SIPDispatchRuleInfo::getSipDispatchRuleId).collect(Collectors.toSet()));
        for (SIPDispatchRuleInfo r : rules) {
            Set<String> bound = new HashSet<>(r.getTrunkIdsList());
            if (inRec == null || !bound.equals(Set.of(inRec.get("id")))) {
                v.add("dispatch rule " + r.getSipDispatchRuleId() + " bound to " + bound + ", recorded inbound trunk "
                        + (inRec == null ? "none" : inRec.get("id")));
            }
        }
        if (strict && ruleRec != null && inRec == null) {
            v.add("a dispatch rule is recorded without an inbound trunk");
        }
        if (!routedPhones.isEmpty() && (inRec == null || ruleRec == null)) {
            v.add("ACTIVE numbers but no recorded inbound trunk or dispatch rule");
        }

        // --- LiveKit outbound trunk
        Map<String, String> outRec = infra.get("livekit_outbound_trunk");
        List<SIPOutboundTrunkInfo> outbound = w.livekit.outboundTrunks();
        same(v, strict, "LiveKit outbound trunks", outRec == null ? Set.of() : Set.of(outRec.get("id")),
                outbound.stream().map(SIPOutboundTrunkInfo::getSipTrunkId).collect(Collectors.toSet()));
        for (SIPOutboundTrunkInfo t : outbound) {
            member(v, "the outbound trunk", new HashSet<>(t.getNumbersList()), routedPhones, unroutedPhones,
                    livePhones);
            if (outRec != null && outRec.get("address") != null && !outRec.get("address").equals(t.getAddress())) {
                v.add("outbound trunk address " + t.getAddress() + " but recorded " + outRec.get("address"));
            }
        }

        // --- agents and numbers point at each other
        Map<String, String> agentPhone = new HashMap<>();
        for (Map<String, AttributeValue> a : scan(w, "AgentsTable")) {
            if (a.containsKey("phone_number")) {
                agentPhone.put(a.get("owner_id").s() + "/" + a.get("agent_id").s(), a.get("phone_number").s());
            }
        }
        for (NumberRecord n : numbers) {
            if (n.status() != NumberStatus.RELEASED && n.agentId() != null) {
                String held = agentPhone.get(n.owner() + "/" + n.agentId());
                if (!n.phoneNumber().equals(held)) {
                    v.add(n.phoneNumber() + " names agent " + n.agentId() + " which holds " + held);
                }
            }
        }
        agentPhone.forEach((agent, phone) -> {
            NumberRecord n = byPhone.get(phone);
            if (n == null || n.status() == NumberStatus.RELEASED || !agent.equals(n.owner() + "/" + n.agentId())) {
                v.add("agent " + agent + " holds " + phone + " which is " + (n == null ? "unrecorded"
                        : n.status() + " for " + n.agentId()));
            }
        });
        return v;
    }

    static Counts counts(World w) {
        int maxPurchases = w.twilio.ownedNumbers().stream().mapToInt(n -> w.twilio.purchases(n.phoneNumber()))
                .max().orElse(0);
        return new Counts(w.twilio.trunks().size(), w.livekit.inboundTrunks().size(), w.livekit.dispatchRules().size(),
                w.livekit.outboundTrunks().size(), w.twilio.credentialLists().size(), maxPurchases,
                numberItems(w).size());
    }

    /**
     * A provider's membership list against the numbers' states: every ACTIVE number on it, no RELEASED one, and
     * nothing that is not one of our live numbers.
     */
    private static void member(List<String> v, String where, Set<String> members, Set<String> routed,
                               Set<String> unrouted, Set<String> live) {
        for (String p : routed) {
            if (!members.contains(p)) {
                v.add(p + " is ACTIVE but not on " + where);
            }
        }
        for (String p : members) {
            if (unrouted.contains(p)) {
                v.add(p + " is RELEASED but still on " + where);
            } else if (!live.contains(p)) {
                v.add(p + " is on " + where + " without a live record");
            }
        }
    }

    private static void same(List<String> v, boolean strict, String what, Set<String> recorded, Set<String> actual) {
        for (String a : actual) {
            if (!recorded.contains(a)) {
                v.add("orphan in " + what + ": " + a + " (recorded: " + recorded + ")");
            }
        }
        for (String r : recorded) {
            if (strict && !actual.contains(r)) {
                v.add("recorded " + what + " " + r + " does not exist");
            }
        }
    }

    /** The number records: the numbers table without the owners' held-number sets. */
    static List<Map<String, AttributeValue>> numberItems(World w) {
        return scan(w, "NumbersTable").stream()
                .filter(i -> !com.arkenos.telephony.numbers.HeldNumbers.isHoldingsKey(i.get("phone_number").s()))
                .toList();
    }

    static List<Map<String, AttributeValue>> scan(World w, String table) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        w.dynamo().scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(out::add);
        return out;
    }
}
