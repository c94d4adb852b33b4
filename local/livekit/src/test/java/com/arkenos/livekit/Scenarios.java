package com.arkenos.livekit;

import com.arkenos.telephony.providers.livekit.DispatchRule;
import com.arkenos.telephony.providers.livekit.OutboundDial;
import com.arkenos.telephony.providers.livekit.SipInboundTrunk;
import com.arkenos.telephony.providers.livekit.SipOutboundTrunk;

import java.util.List;
import java.util.function.Consumer;

/**
 * Every LiveKit operation the gateway uses, each in the shapes the product sends and in the failures it must tell
 * apart (not found, conflicts, invalid input, bad credentials). Each scenario starts on an empty project. Run on
 * both LiveKits by {@link LiveKitDifferentialTest}; the names are what local/livekit/DIFFERENCES.md refers to.
 */
final class Scenarios {
    record Scenario(String name, Consumer<Steps> body) {
    }

    /** Twilio's signalling ranges, as the product's inbound trunk carries them. */
    static final List<String> TWILIO = List.of("54.172.60.0/30", "54.244.51.0/30");
    static final String A = "+15105550100";
    static final String B = "+15105550101";
    static final String C = "+15105550102";
    static final String AGENT = "arkenos-agent";

    private Scenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                // --- inbound trunks ---
                new Scenario("inbound.create", s -> {
                    s.step("create", () -> s.g().createInboundTrunk("arkenos-inbound", List.of(A), TWILIO,
                            "{\"managed_by\":\"arkenos\"}"));
                    s.step("list", () -> s.g().listInboundTrunks());
                }),
                new Scenario("inbound.create.empty-with-addresses", s -> {
                    // The product creates its shared trunk before any number is bought.
                    s.step("create", () -> s.g().createInboundTrunk("empty", List.of(), TWILIO, null));
                    s.step("list", () -> s.g().listInboundTrunks());
                }),
                new Scenario("inbound.create.empty-without-addresses", s ->
                        s.step("create", () -> s.g().createInboundTrunk("open", List.of(), List.of(), null))),
                new Scenario("inbound.create.two-empty", s -> {
                    s.step("create first", () -> s.g().createInboundTrunk("one", List.of(), TWILIO, null));
                    s.step("create second", () -> s.g().createInboundTrunk("two", List.of(), TWILIO, null));
                    s.step("list", () -> s.g().listInboundTrunks());
                }),
                new Scenario("inbound.create.invalid-number", s ->
                        s.step("create", () -> s.g().createInboundTrunk("bad", List.of("call-me-maybe"), TWILIO,
                                null))),
                new Scenario("inbound.create.invalid-address", s ->
                        s.step("create", () -> s.g().createInboundTrunk("bad", List.of(A), List.of("not an address!"),
                                null))),
                new Scenario("inbound.create.conflicting-number", s -> {
                    s.step("create first", () -> s.g().createInboundTrunk("first", List.of(A), TWILIO, null));
                    s.step("create second with the same number", () ->
                            s.g().createInboundTrunk("second", List.of(A), TWILIO, null));
                    s.step("list", () -> s.g().listInboundTrunks());
                }),
                new Scenario("inbound.create.conflicting-number-other-format", s -> {
                    s.step("create first", () -> s.g().createInboundTrunk("first", List.of(A), TWILIO, null));
                    s.step("create second with 15105550100", () ->
                            s.g().createInboundTrunk("second", List.of("15105550100"), TWILIO, null));
                }),
                new Scenario("inbound.create.number-beside-empty-trunk", s -> {
                    s.step("create catch-all", () -> s.g().createInboundTrunk("any", List.of(), TWILIO, null));
                    s.step("create with a number", () -> s.g().createInboundTrunk("one", List.of(A), TWILIO, null));
                }),
                new Scenario("inbound.update.add", s -> {
                    SipInboundTrunk t = s.step("create", () -> s.g().createInboundTrunk("t", List.of(A), TWILIO, null));
                    s.step("add", () -> s.g().updateInboundTrunkNumbers(id(t), List.of(B), List.of()));
                    s.step("list", () -> s.g().listInboundTrunks());
                }),
                new Scenario("inbound.update.add-to-empty", s -> {
                    SipInboundTrunk t = s.step("create", () -> s.g().createInboundTrunk("t", List.of(), TWILIO, null));
                    s.step("add", () -> s.g().updateInboundTrunkNumbers(id(t), List.of(A), List.of()));
                }),
                new Scenario("inbound.update.remove", s -> {
                    SipInboundTrunk t = s.step("create", () ->
                            s.g().createInboundTrunk("t", List.of(A, B), TWILIO, null));
                    s.step("remove", () -> s.g().updateInboundTrunkNumbers(id(t), List.of(), List.of(A)));
                }),
                new Scenario("inbound.update.add-and-remove", s -> {
                    SipInboundTrunk t = s.step("create", () ->
                            s.g().createInboundTrunk("t", List.of(A, B), TWILIO, null));
                    s.step("add C remove A", () -> s.g().updateInboundTrunkNumbers(id(t), List.of(C), List.of(A)));
                }),
                new Scenario("inbound.update.add-present", s -> {
                    SipInboundTrunk t = s.step("create", () -> s.g().createInboundTrunk("t", List.of(A), TWILIO, null));
                    s.step("add A again", () -> s.g().updateInboundTrunkNumbers(id(t), List.of(A), List.of()));
                }),
                new Scenario("inbound.update.remove-absent", s -> {
                    SipInboundTrunk t = s.step("create", () -> s.g().createInboundTrunk("t", List.of(A), TWILIO, null));
                    s.step("remove B", () -> s.g().updateInboundTrunkNumbers(id(t), List.of(), List.of(B)));
                }),
                new Scenario("inbound.update.remove-last", s -> {
                    SipInboundTrunk t = s.step("create", () -> s.g().createInboundTrunk("t", List.of(A), TWILIO, null));
                    s.step("remove A", () -> s.g().updateInboundTrunkNumbers(id(t), List.of(), List.of(A)));
                    s.step("list", () -> s.g().listInboundTrunks());
                }),
                new Scenario("inbound.update.remove-last-without-addresses", s -> {
                    SipInboundTrunk t = s.step("create", () ->
                            s.g().createInboundTrunk("t", List.of(A), List.of(), null));
                    s.step("remove A", () -> s.g().updateInboundTrunkNumbers(id(t), List.of(), List.of(A)));
                }),
                new Scenario("inbound.update.conflicting-number", s -> {
                    s.step("create first", () -> s.g().createInboundTrunk("first", List.of(A), TWILIO, null));
                    SipInboundTrunk t = s.step("create second", () ->
                            s.g().createInboundTrunk("second", List.of(B), TWILIO, null));
                    s.step("add A to second", () -> s.g().updateInboundTrunkNumbers(id(t), List.of(A), List.of()));
                    s.step("list", () -> s.g().listInboundTrunks());
                }),
                new Scenario("inbound.update.not-found", s ->
                        s.step("add", () -> s.g().updateInboundTrunkNumbers("ST_doesnotexist", List.of(A), List.of()))),
                new Scenario("inbound.update.outbound-id", s -> {
                    SipOutboundTrunk o = s.step("create outbound", () -> s.g().createOutboundTrunk("o",
                            "arkenos.pstn.twilio.com", List.of(A), null, null, null));
                    s.step("update it as inbound", () ->
                            s.g().updateInboundTrunkNumbers(id(o), List.of(B), List.of()));
                }),
                new Scenario("trunk.delete", s -> {
                    SipInboundTrunk t = s.step("create", () -> s.g().createInboundTrunk("t", List.of(A), TWILIO, null));
                    s.run("delete", () -> s.g().deleteTrunk(id(t)));
                    s.step("list", () -> s.g().listInboundTrunks());
                    s.run("delete again (not_found is ignored)", () -> s.g().deleteTrunk(id(t)));
                    s.step("number free again", () -> s.g().createInboundTrunk("t2", List.of(A), TWILIO, null));
                }),
                new Scenario("trunk.delete.never-existed", s -> {
                    s.run("delete", () -> s.g().deleteTrunk("ST_doesnotexist"));
                    // The gateway ignores not_found on deletes; the raw answer shows what a delete really says.
                    s.sdk("DeleteSIPTrunk (SDK)", () -> s.backend().sip().deleteSipTrunk("ST_doesnotexist"));
                }),

                // --- outbound trunks ---
                new Scenario("outbound.create", s -> {
                    s.step("create", () -> s.g().createOutboundTrunk("arkenos-outbound", "arkenos.pstn.twilio.com",
                            List.of(A), "livekit", "s3cret-pass", "{\"managed_by\":\"arkenos\"}"));
                    s.step("list", () -> s.g().listOutboundTrunks());
                }),
                new Scenario("outbound.create.without-numbers", s ->
                        s.step("create", () -> s.g().createOutboundTrunk("o", "arkenos.pstn.twilio.com", List.of(),
                                "livekit", "pw", null))),
                new Scenario("outbound.create.sip-uri-address", s ->
                        s.step("create", () -> s.g().createOutboundTrunk("o", "sip:arkenos.pstn.twilio.com",
                                List.of(A), null, null, null))),
                new Scenario("outbound.create.same-number-twice", s -> {
                    s.step("create first", () -> s.g().createOutboundTrunk("o1", "arkenos.pstn.twilio.com",
                            List.of(A), null, null, null));
                    s.step("create second", () -> s.g().createOutboundTrunk("o2", "arkenos.pstn.twilio.com",
                            List.of(A), null, null, null));
                }),
                new Scenario("outbound.update.add-and-remove", s -> {
                    SipOutboundTrunk o = s.step("create", () -> s.g().createOutboundTrunk("o",
                            "arkenos.pstn.twilio.com", List.of(A, B), "livekit", "pw", null));
                    s.step("add C", () -> s.g().updateOutboundTrunkNumbers(id(o), List.of(C), List.of()));
                    s.step("remove A", () -> s.g().updateOutboundTrunkNumbers(id(o), List.of(), List.of(A)));
                    s.step("add A remove B", () -> s.g().updateOutboundTrunkNumbers(id(o), List.of(A), List.of(B)));
                    s.step("list", () -> s.g().listOutboundTrunks());
                }),
                new Scenario("outbound.update.remove-last", s -> {
                    SipOutboundTrunk o = s.step("create", () -> s.g().createOutboundTrunk("o",
                            "arkenos.pstn.twilio.com", List.of(A), null, null, null));
                    s.step("remove A", () -> s.g().updateOutboundTrunkNumbers(id(o), List.of(), List.of(A)));
                }),
                new Scenario("outbound.update.not-found", s ->
                        s.step("add", () -> s.g().updateOutboundTrunkNumbers("ST_doesnotexist", List.of(A),
                                List.of()))),
                new Scenario("outbound.update.inbound-id", s -> {
                    SipInboundTrunk t = s.step("create inbound", () ->
                            s.g().createInboundTrunk("t", List.of(A), TWILIO, null));
                    s.step("update it as outbound", () ->
                            s.g().updateOutboundTrunkNumbers(id(t), List.of(B), List.of()));
                }),
                new Scenario("outbound.delete", s -> {
                    SipOutboundTrunk o = s.step("create", () -> s.g().createOutboundTrunk("o",
                            "arkenos.pstn.twilio.com", List.of(A), null, null, null));
                    s.run("delete", () -> s.g().deleteTrunk(id(o)));
                    s.step("list", () -> s.g().listOutboundTrunks());
                }),

                // --- dispatch rules ---
                new Scenario("rule.create.bound-to-trunk", s -> {
                    SipInboundTrunk t = s.step("create trunk", () ->
                            s.g().createInboundTrunk("t", List.of(A), TWILIO, null));
                    s.step("create rule", () -> s.g().createDispatchRule("arkenos-dispatch", "call", AGENT,
                            "{\"source\":\"sip\"}", List.of(id(t)), "{\"managed_by\":\"arkenos\"}"));
                    s.step("list", () -> s.g().listDispatchRules());
                }),
                new Scenario("rule.create.without-agent", s ->
                        s.step("create rule", () -> s.g().createDispatchRule("r", "call", null, null, List.of(),
                                null))),
                new Scenario("rule.create.same-trunk-twice", s -> {
                    SipInboundTrunk t = s.step("create trunk", () ->
                            s.g().createInboundTrunk("t", List.of(A), TWILIO, null));
                    s.step("create first", () -> s.g().createDispatchRule("r1", "call", AGENT, null,
                            List.of(id(t)), null));
                    s.step("create second", () -> s.g().createDispatchRule("r2", "other", AGENT, null,
                            List.of(id(t)), null));
                    s.step("list", () -> s.g().listDispatchRules());
                }),
                new Scenario("rule.create.two-catch-all", s -> {
                    s.step("create first", () -> s.g().createDispatchRule("r1", "call", AGENT, null, List.of(), null));
                    s.step("create second", () -> s.g().createDispatchRule("r2", "call", AGENT, null, List.of(),
                            null));
                }),
                new Scenario("rule.create.unknown-trunk", s ->
                        s.step("create rule", () -> s.g().createDispatchRule("r", "call", AGENT, null,
                                List.of("ST_doesnotexist"), null))),
                new Scenario("rule.create.empty-prefix", s ->
                        s.step("create rule", () -> s.g().createDispatchRule("r", "", AGENT, null, List.of(), null))),
                new Scenario("rule.update.replace", s -> {
                    SipInboundTrunk a = s.step("create trunk a", () ->
                            s.g().createInboundTrunk("a", List.of(A), TWILIO, null));
                    SipInboundTrunk b = s.step("create trunk b", () ->
                            s.g().createInboundTrunk("b", List.of(B), TWILIO, null));
                    DispatchRule r = s.step("create rule", () -> s.g().createDispatchRule("r", "call", "agent-v1",
                            null, List.of(id(a)), null));
                    s.step("replace agent and trunks", () -> s.g().updateDispatchRule(id(r), "r", "call", AGENT,
                            "{}", List.of(id(a), id(b)), "{\"v\":2}"));
                    s.step("list", () -> s.g().listDispatchRules());
                }),
                new Scenario("rule.update.conflict", s -> {
                    SipInboundTrunk t = s.step("create trunk", () ->
                            s.g().createInboundTrunk("t", List.of(A), TWILIO, null));
                    s.step("create bound rule", () -> s.g().createDispatchRule("r1", "call", AGENT, null,
                            List.of(id(t)), null));
                    DispatchRule r2 = s.step("create unbound rule", () -> s.g().createDispatchRule("r2", "x", AGENT,
                            null, List.of(), null));
                    s.step("bind it to the same trunk", () -> s.g().updateDispatchRule(id(r2), "r2", "x", AGENT,
                            null, List.of(id(t)), null));
                }),
                new Scenario("rule.update.not-found", s ->
                        s.step("replace", () -> s.g().updateDispatchRule("SDR_doesnotexist", "r", "call", AGENT, null,
                                List.of(), null))),
                new Scenario("rule.delete", s -> {
                    DispatchRule r = s.step("create rule", () -> s.g().createDispatchRule("r", "call", AGENT, null,
                            List.of(), null));
                    s.run("delete", () -> s.g().deleteDispatchRule(id(r)));
                    s.step("list", () -> s.g().listDispatchRules());
                    s.run("delete again (not_found is ignored)", () -> s.g().deleteDispatchRule(id(r)));
                }),
                new Scenario("rule.delete.never-existed", s -> {
                    s.run("delete", () -> s.g().deleteDispatchRule("SDR_doesnotexist"));
                    s.sdk("DeleteSIPDispatchRule (SDK)", () ->
                            s.backend().sip().deleteSipDispatchRule("SDR_doesnotexist"));
                }),
                new Scenario("trunk.delete.with-rule-bound", s -> {
                    SipInboundTrunk t = s.step("create trunk", () ->
                            s.g().createInboundTrunk("t", List.of(A), TWILIO, null));
                    s.step("create rule", () -> s.g().createDispatchRule("r", "call", AGENT, null, List.of(id(t)),
                            null));
                    s.run("delete trunk", () -> s.g().deleteTrunk(id(t)));
                    s.step("rules", () -> s.g().listDispatchRules());
                }),

                // --- rooms and agent dispatch ---
                new Scenario("room.create.with-agent", s -> {
                    s.run("create", () -> s.g().createRoom("outbound_c1", "{\"call_id\":\"c1\"}", 120, AGENT,
                            "{\"call_id\":\"c1\"}"));
                    s.sdk("ListRooms", () -> s.backend().rooms().listRooms(List.of("outbound_c1")));
                    s.sdk("ListDispatch", () -> s.backend().dispatches().listDispatch("outbound_c1"));
                }),
                new Scenario("room.create.twice", s -> {
                    s.run("create", () -> s.g().createRoom("r1", "first", 60, AGENT, null));
                    s.run("create again", () -> s.g().createRoom("r1", "second", 60, AGENT, null));
                    s.sdk("ListRooms", () -> s.backend().rooms().listRooms(List.of("r1")));
                    s.sdk("ListDispatch", () -> s.backend().dispatches().listDispatch("r1"));
                }),
                new Scenario("room.create.empty-name", s ->
                        s.run("create", () -> s.g().createRoom("", null, 60, null, null))),
                new Scenario("dispatch.create", s -> {
                    s.run("create room", () -> s.g().createRoom("r1", null, 60, null, null));
                    s.run("dispatch", () -> s.g().dispatchAgent("r1", AGENT, "{\"k\":\"v\"}"));
                    s.sdk("ListDispatch", () -> s.backend().dispatches().listDispatch("r1"));
                }),
                new Scenario("dispatch.create.missing-room", s -> {
                    s.run("dispatch", () -> s.g().dispatchAgent("nosuchroom", AGENT, null));
                    s.sdk("ListRooms", () -> s.backend().rooms().listRooms(List.of("nosuchroom")));
                    s.sdk("ListDispatch", () -> s.backend().dispatches().listDispatch("nosuchroom"));
                }),
                new Scenario("room.delete", s -> {
                    s.run("create", () -> s.g().createRoom("r1", null, 60, AGENT, null));
                    s.run("delete", () -> s.g().deleteRoom("r1"));
                    s.sdk("ListRooms", () -> s.backend().rooms().listRooms(List.of("r1")));
                    s.run("delete again (not_found is ignored)", () -> s.g().deleteRoom("r1"));
                }),
                new Scenario("room.delete.never-existed", s -> {
                    s.run("delete", () -> s.g().deleteRoom("nosuchroom"));
                    s.sdk("DeleteRoom (SDK)", () -> s.backend().rooms().deleteRoom("nosuchroom"));
                }),
                new Scenario("room.list-participants", s -> {
                    s.run("create", () -> s.g().createRoom("r1", null, 60, null, null));
                    s.step("participants", () -> s.g().listParticipants("r1"));
                    s.step("participants of a missing room", () -> s.g().listParticipants("nosuchroom"));
                }),

                // --- dialling (needs the SIP bridge on the real side) ---
                new Scenario("dial.outbound", s -> {
                    SipOutboundTrunk o = s.step("create outbound", () -> s.g().createOutboundTrunk("o",
                            "arkenos.pstn.twilio.com", List.of(A), "livekit", "pw", null));
                    s.run("create room", () -> s.g().createRoom("outbound_c2", null, 60, AGENT, null));
                    s.step("dial", () -> s.g().dial(OutboundDial.builder(id(o), "+14155550123", "outbound_c2")
                            .fromNumber(A).participantIdentity("callee").build()));
                }),
                new Scenario("dial.unknown-trunk", s ->
                        s.step("dial", () -> s.g().dial(OutboundDial.builder("ST_doesnotexist", "+14155550123",
                                "outbound_c3").build()))),

                // --- credentials ---
                new Scenario("auth.wrong-secret", s -> {
                    var bad = s.backend().gatewayAs(s.backend().apiKey(), "wrong-secret-wrong-secret-wrong-secret");
                    s.step("list inbound", bad::listInboundTrunks);
                    s.step("create inbound", () -> bad.createInboundTrunk("t", List.of(A), TWILIO, null));
                    s.run("create room", () -> bad.createRoom("r1", null, 60, null, null));
                    s.step("nothing was created", () -> s.g().listInboundTrunks());
                }),
                new Scenario("auth.unknown-key", s -> {
                    var bad = s.backend().gatewayAs("APIunknownkey", s.backend().apiSecret());
                    s.step("list rules", bad::listDispatchRules);
                    s.run("dispatch", () -> bad.dispatchAgent("r1", AGENT, null));
                }));
    }

    /** The id of a step's result, or a placeholder that the next step fails on, the same way on both sides. */
    private static String id(Object resource) {
        if (resource instanceof SipInboundTrunk t) {
            return t.id();
        }
        if (resource instanceof SipOutboundTrunk t) {
            return t.id();
        }
        if (resource instanceof DispatchRule r) {
            return r.id();
        }
        return "ST_previousstepfailed";
    }
}
