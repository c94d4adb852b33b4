package com.arkenos.local;

import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.twilio.TwilioSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Shared SIP infrastructure is created once: the provider calls and state transitions that provision the 200th
 * number are exactly those of the 2nd.
 */
class NumberCostTest {
    private static final String[] AREA_CODES = {"510", "415", "212"};

    private final LocalRuntime runtime = TestStack.runtime();
    private final Telephony api = new Telephony(TestStack.http());
    private final TwilioSandbox twilio = runtime.providers().twilioSandbox();
    private final LiveKitSandbox livekit = runtime.providers().liveKitSandbox();

    /** What provisioning one number cost: provider calls per operation and the execution's history length. */
    private record Cost(Map<String, Long> twilio, Map<String, Long> livekit, int historyEvents) {}

    private Cost buyAndMeasure(String user, String phone) {
        String agent = api.agent(user, "Agent " + phone);
        twilio.faults().resetCounts();
        livekit.faults().resetCounts();
        assertEquals(200, api.buy(user, phone, agent).status());
        JsonNode n = api.awaitSettled(user, phone);
        assertEquals("ACTIVE", n.get("status").asText(), n.toString());
        int events = runtime.sfn().getExecutionHistory(b -> b.executionArn(n.at("/execution/arn").asText())
                .maxResults(1000)).events().size();
        return new Cost(new TreeMap<>(twilio.faults().callCounts()), new TreeMap<>(livekit.faults().callCounts()),
                events);
    }

    @Test
    void provisioning_200thNumber_costsWhatThe2ndCosts() throws Exception {
        TestStack.reset();
        String base = "owner-" + UUID.randomUUID();
        // 25 numbers per owner, MaxNumbersPerOwner's default: the 200th number is the deployment's, held by the 8th
        // owner as their 25th (the limit's boundary, still allowed).
        java.util.function.IntFunction<String> owner =
                i -> base + "-" + (i / com.arkenos.telephony.numbers.NumbersService.DEFAULT_MAX_NUMBERS);
        String user = owner.apply(0);
        // The sandbox sells 100 fictional numbers per area code: collect across codes until 200 are known.
        List<String> all = new ArrayList<>(new java.util.LinkedHashSet<>(collect(200)));
        assertEquals(200, all.size(), "the sandbox offers 200 distinct numbers");

        buyAndMeasure(user, all.get(0));
        Cost second = buyAndMeasure(user, all.get(1));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> pending = new ArrayList<>();
        for (int i = 2; i < 199; i++) {
            String phone = all.get(i);
            String user_ = owner.apply(i);
            pending.add(pool.submit(() -> {
                String agent = api.agent(user_, "Agent " + phone);
                assertEquals(200, api.buy(user_, phone, agent).status());
                assertEquals("ACTIVE", api.awaitSettled(user_, phone).get("status").asText());
            }));
        }
        for (Future<?> f : pending) {
            f.get();
        }
        pool.shutdown();
        Cost twoHundredth = buyAndMeasure(owner.apply(199), all.get(199));
        assertEquals(second, twoHundredth, "2nd: " + second + "\n200th: " + twoHundredth);
        assertEquals(1, twilio.trunks().size());
        assertEquals(200, twilio.trunks().get(0).phoneNumberSids().size());
        assertEquals(1, livekit.inboundTrunks().size());
        assertEquals(200, livekit.inboundTrunks().get(0).getNumbersCount());
        System.out.println("cost of the 2nd and the 200th number: " + second);
    }

    /** Distinct available numbers across area codes, as the dashboard would find them. */
    private List<String> collect(int wanted) {
        List<String> out = new ArrayList<>();
        for (String area : AREA_CODES) {
            api.search(area, 50).forEach(n -> out.add(n.get("phone_number").asText()));
        }
        if (out.size() >= wanted) {
            return out.subList(0, wanted);
        }
        for (String area : new String[] {"312", "646", "718", "917"}) {
            api.search(area, 50).forEach(n -> out.add(n.get("phone_number").asText()));
            if (out.size() >= wanted) {
                break;
            }
        }
        return out.subList(0, Math.min(wanted, out.size()));
    }
}
