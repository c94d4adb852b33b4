package com.arkenos.local.reliability;

import com.arkenos.local.OutOfBand;
import com.arkenos.telephony.calls.CallStatusNotification;
import com.arkenos.telephony.calls.CallbackDeliveries;
import com.arkenos.telephony.calls.CallbackSender;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.auth.CallbackSigning;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 14's "nothing stuck, nothing trusted for ever" cases for the "Safe to deploy" section: each made by the
 * fault that causes it, then finished by the sweep (or the next request), with what it did counted.
 */
final class NothingStuck {
    private NothingStuck() {
    }

    private static JsonNode sweep(World w) throws Exception {
        return Json.parse(w.runtime.host().invoke("SweepFunction", "{}".getBytes(StandardCharsets.UTF_8)));
    }

    /** A buy whose function could not start the workflow (Step Functions unreachable after the purchase). */
    static SafeToDeploy.Result stuckBuy(World w) {
        List<String> p = new ArrayList<>();
        try {
            w.reset();
            String owner = "owner-" + UUID.randomUUID();
            String agent = w.api.agent(owner, "Stuck");
            String phone = w.freshNumber();
            int status = OutOfBand.postWithoutStepFunctions(w.runtime, "BuyNumberFunction",
                    "POST /api/telephony/numbers/buy", owner,
                    "{\"phone_number\":\"" + phone + "\",\"agent_id\":\"" + agent + "\"}").path("statusCode").asInt();
            String stuck = w.api.status(owner, phone);
            w.age(phone, Duration.ofMinutes(2));
            JsonNode sweep = sweep(w);
            String settled = w.api.settle(owner, phone);
            int purchases = w.twilio.purchases(phone);
            if (status != 503 || !stuck.equals("PROVISIONING")) {
                p.add("the fault gave " + status + " and " + stuck);
            }
            if (!settled.equals("ACTIVE") || purchases != 1) {
                p.add("after the sweep: " + settled + ", " + purchases + " purchases");
            }
            return new SafeToDeploy.Result(3, status + " x1", "buy answered " + status + ", record " + stuck
                    + "; sweep " + sweep.path("numbers") + "; then " + settled + ", Twilio purchases " + purchases, p);
        } catch (Exception e) {
            return new SafeToDeploy.Result(0, "-", "-", List.of("threw " + e));
        }
    }

    /**
     * The Twilio trunk's termination domain changed out of band, which the sweep sets back; then the dispatch rule
     * and the Twilio trunk deleted, which the next sweep remakes, routing the number again.
     */
    static SafeToDeploy.Result drift(World w) {
        List<String> p = new ArrayList<>();
        try {
            w.reset();
            String owner = "owner-" + UUID.randomUUID();
            String phone = w.freshNumber();
            if (!w.api.provision(owner, phone, w.api.agent(owner, "Drift")).equals("ACTIVE")) {
                return new SafeToDeploy.Result(0, "-", "-", List.of("setup: the number did not become ACTIVE"));
            }
            // The termination domain changed in the console: the outbound trunk dials the recorded one.
            var made = w.twilio.trunks().get(0);
            OutOfBand.setTwilioTrunkDomain(w.twilio, made.sid(), "someone-else.pstn.twilio.com");
            JsonNode domain = sweep(w);
            boolean restored = made.domainName() != null
                    && made.domainName().equals(w.twilio.trunks().get(0).domainName());
            if (domain.path("repairs").size() != 1 || !restored) {
                p.add("domain: repairs " + domain.path("repairs") + ", set back " + restored);
            }
            var livekit = w.providers().livekit();
            livekit.deleteDispatchRule(w.livekit.dispatchRules().get(0).getSipDispatchRuleId());
            String trunk = w.twilio.trunks().get(0).sid();
            OutOfBand.deleteTwilioTrunk(w.twilio, trunk);
            JsonNode sweep = sweep(w);
            JsonNode again = sweep(w);
            String number = w.twilio.ownedNumber(phone).orElseThrow().sid();
            boolean onTrunk = w.twilio.trunks().size() == 1
                    && w.twilio.trunks().get(0).phoneNumberSids().contains(number);
            boolean ruled = w.livekit.dispatchRules().size() == 1;
            if (sweep.path("repairs").size() != 2 || again.path("repairs").size() != 0 || !onTrunk || !ruled) {
                p.add("repairs " + sweep.path("repairs") + ", then " + again.path("repairs") + "; on the new trunk "
                        + onTrunk + ", a rule " + ruled);
            }
            return new SafeToDeploy.Result(3, "-", "a changed termination domain: " + domain.path("repairs").size()
                    + " repair, set back " + restored + "; then " + sweep.path("repairs").size()
                    + " repairs in one sweep, " + again.path("repairs").size() + " in the next; number on the new"
                    + " trunk " + onTrunk + ", dispatch rule back " + ruled, p);
        } catch (Exception e) {
            return new SafeToDeploy.Result(0, "-", "-", List.of("threw " + e));
        }
    }

    /** Two owners' receivers in one batch: one never answers, one at once. */
    static SafeToDeploy.Result callbackLanes() {
        List<String> p = new ArrayList<>();
        CountDownLatch never = new CountDownLatch(1);
        List<HttpServer> servers = new ArrayList<>();
        try {
            AtomicLong arrived = new AtomicLong();
            String slow = serve(servers, ex -> {
                try {
                    never.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            String fast = serve(servers, ex -> {
                arrived.set(System.nanoTime());
                ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(204, -1);
                ex.close();
            });
            List<CallStatusNotification> batch = List.of(
                    new CallStatusNotification(slow, "a1", "owner-a", "{}"),
                    new CallStatusNotification(slow, "a2", "owner-a", "{}"),
                    new CallStatusNotification(fast, "b1", "owner-b", "{}"));
            long start = System.nanoTime();
            Map<String, Integer> outcomes = new CallbackDeliveries(new CallbackSender(true),
                    CallbackSigning.fixed("reliability")).deliver(batch);
            long batchMs = (System.nanoTime() - start) / 1_000_000;
            long fastMs = (arrived.get() - start) / 1_000_000;
            if (arrived.get() == 0 || fastMs > 2_000) {
                p.add("the answering receiver's callback came after " + fastMs + " ms");
            }
            return new SafeToDeploy.Result(3, outcomes.toString(), "answering receiver after " + fastMs
                    + " ms; the batch took " + batchMs + " ms (the silent receiver's lane)", p);
        } catch (Exception e) {
            return new SafeToDeploy.Result(0, "-", "-", List.of("threw " + e));
        } finally {
            never.countDown();
            servers.forEach(s -> s.stop(0));
        }
    }

    private static String serve(List<HttpServer> servers, com.sun.net.httpserver.HttpHandler h) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        s.createContext("/", h);
        s.start();
        servers.add(s);
        return "http://127.0.0.1:" + s.getAddress().getPort() + "/cb";
    }
}
