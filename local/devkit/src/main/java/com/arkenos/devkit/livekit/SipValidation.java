package com.arkenos.devkit.livekit;

import livekit.LivekitModels.ListUpdate;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks LiveKit runs before it stores SIP trunks and dispatch rules (livekit/protocol livekit/sip.go and
 * sip/sip.go), with LiveKit's messages, so that a request the sandbox accepts would also be accepted for real.
 */
final class SipValidation {
    private SipValidation() {
    }

    static void inbound(SIPInboundTrunkInfo t) {
        boolean hasAuth = !t.getAuthUsername().isEmpty() || !t.getAuthPassword().isEmpty();
        if (!hasAuth && t.getAllowedAddressesCount() == 0 && t.getNumbersCount() == 0) {
            throw TwirpError.invalidArgument("for security, one of the fields must be set: "
                    + "AuthUsername+AuthPassword, AllowedAddresses or Numbers");
        }
        // Neither numbers nor allowed addresses are checked: LiveKit stores any text, and ignores invalid address
        // masks when it routes a call (SipAddressing.addressAllowed does the same).
    }

    static void outbound(SIPOutboundTrunkInfo t) {
        if (t.getNumbersCount() == 0) {
            throw TwirpError.invalidArgument("no trunk numbers specified");
        }
        if (t.getAddress().isEmpty()) {
            throw TwirpError.invalidArgument("no outbound address specified");
        }
        hostname(t.getAddress(), "trunk address");
    }

    static void dispatchRule(SIPDispatchRuleInfo r) {
        if (!r.hasRule() || r.getRule().getRuleCase()
                == livekit.LivekitSip.SIPDispatchRule.RuleCase.RULE_NOT_SET) {
            throw TwirpError.invalidArgument("missing rule");
        }
    }

    private static void hostname(String value, String field) {
        if (value.contains("transport=")) {
            throw TwirpError.invalidArgument(field + " should not contain transport parameter");
        }
        if (value.contains("@") || value.contains(";") || value.startsWith("sip:") || value.startsWith("sips:")) {
            throw TwirpError.invalidArgument(field + " should be a hostname or IP, not SIP URI");
        }
    }

    /**
     * LiveKit's ValidateTrunks: two inbound trunks conflict when they share a called number (or are both catch-all)
     * and cannot be told apart by {@code allowed_numbers} (both empty, or one caller number on both).
     */
    static void trunkConflicts(Collection<SIPInboundTrunkInfo> trunks) {
        Map<String, Map<String, SIPInboundTrunkInfo>> byCalledThenCaller = new HashMap<>();
        for (SIPInboundTrunkInfo t : trunks) {
            Set<String> called = new LinkedHashSet<>();
            if (t.getNumbersCount() == 0) {
                called.add("");
            } else {
                t.getNumbersList().forEach(n -> called.add(SipAddressing.normalize(n)));
            }
            for (String number : called) {
                Map<String, SIPInboundTrunkInfo> byCaller =
                        byCalledThenCaller.computeIfAbsent(number, k -> new HashMap<>());
                if (t.getAllowedNumbersCount() == 0) {
                    claim(byCaller, "", t, "without AllowedNumbers set");
                } else {
                    Set<String> callers = new LinkedHashSet<>();
                    t.getAllowedNumbersList().forEach(n -> callers.add(SipAddressing.normalize(n)));
                    for (String caller : callers) {
                        claim(byCaller, caller, t, "and AllowedNumber \"" + caller + "\"");
                    }
                }
            }
        }
    }

    private static void claim(Map<String, SIPInboundTrunkInfo> byCaller, String caller, SIPInboundTrunkInfo t,
                              String how) {
        SIPInboundTrunkInfo other = byCaller.putIfAbsent(caller, t);
        if (other != null && !other.getSipTrunkId().equals(t.getSipTrunkId())) {
            throw TwirpError.invalidArgument("Conflicting inbound SIP Trunks: \"" + printId(other.getSipTrunkId())
                    + "\" and \"" + printId(t.getSipTrunkId()) + "\", using the same number(s) "
                    + printNumbers(t.getNumbersList()) + " " + how);
        }
    }

    /** LiveKit's DispatchRuleValidator: one rule per (trunk, caller number, called number, PIN) combination. */
    static void ruleConflicts(Collection<SIPDispatchRuleInfo> rules) {
        Map<String, SIPDispatchRuleInfo> byKey = new HashMap<>();
        for (SIPDispatchRuleInfo r : rules) {
            for (String trunk : orWildcard(r.getTrunkIdsList())) {
                for (String inbound : orWildcard(r.getInboundNumbersList())) {
                    for (String number : orWildcard(r.getNumbersList())) {
                        String key = String.join("\u0000", pin(r), trunk,
                                SipAddressing.normalize(inbound), SipAddressing.normalize(number));
                        SIPDispatchRuleInfo other = byKey.putIfAbsent(key, r);
                        if (other != null) {
                            throw TwirpError.invalidArgument("Dispatch rule for the same trunk, inbound number, "
                                    + "number, and PIN combination already exists in dispatch rule \""
                                    + printId(other.getSipDispatchRuleId()) + "\" \""
                                    + (other.getName().isEmpty() ? "<blank name>" : other.getName()) + "\"");
                        }
                    }
                }
            }
        }
    }

    static String pin(SIPDispatchRuleInfo r) {
        var rule = r.getRule();
        return switch (rule.getRuleCase()) {
            case DISPATCH_RULE_DIRECT -> rule.getDispatchRuleDirect().getPin();
            case DISPATCH_RULE_INDIVIDUAL -> rule.getDispatchRuleIndividual().getPin();
            case DISPATCH_RULE_CALLEE -> rule.getDispatchRuleCallee().getPin();
            default -> "";
        };
    }

    /** LiveKit's ListUpdate semantics: clear, or set, or remove-then-add without duplicates. */
    static List<String> apply(List<String> current, ListUpdate update) {
        boolean change = update.getSetCount() + update.getAddCount() + update.getRemoveCount() > 0;
        if (!update.getClear() && !change) {
            throw TwirpError.invalidArgument("unsupported list update operation");
        }
        if (update.getClear() && change) {
            throw TwirpError.invalidArgument("cannot clear and change the list at the same time");
        }
        if (update.getSetCount() > 0 && update.getAddCount() + update.getRemoveCount() > 0) {
            throw TwirpError.invalidArgument("cannot set and change the list at the same time");
        }
        for (List<String> items : List.of(update.getSetList(), update.getAddList(), update.getRemoveList())) {
            if (items.stream().anyMatch(String::isEmpty)) {
                throw TwirpError.invalidArgument("empty element in the list");
            }
        }
        if (update.getClear()) {
            return List.of();
        }
        if (update.getSetCount() > 0) {
            return List.copyOf(update.getSetList());
        }
        List<String> result = new ArrayList<>(current);
        update.getRemoveList().forEach(result::remove);
        update.getAddList().stream().filter(v -> !result.contains(v)).forEach(result::add);
        return result;
    }

    private static List<String> orWildcard(List<String> values) {
        return values.isEmpty() ? List.of("") : values;
    }

    private static String printId(String id) {
        return id.isEmpty() ? "<new>" : id;
    }

    private static String printNumbers(List<String> numbers) {
        return numbers.isEmpty() ? "<any>" : numbers.stream().map(n -> "\"" + n + "\"")
                .collect(java.util.stream.Collectors.joining(" ", "[", "]"));
    }
}
