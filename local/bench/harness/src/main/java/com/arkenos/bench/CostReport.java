package com.arkenos.bench;

import com.arkenos.devkit.template.SamTemplate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The calls bench's counts priced ({@link CostModel}): each operation's AWS cost, and a month of a deployment with
 * 1,000 numbers and 100,000 calls.
 */
final class CostReport {
    /** The ringing of the priced outbound call: the dial step waits for the answer meanwhile. */
    static final double RINGING_SECONDS = 12;
    static final int NUMBERS = 1_000;
    static final int CALLS = 100_000;
    /** The template's default sweep interval (SweepIntervalMinutes), over 30 days. */
    static final int SWEEPS_PER_MONTH = 30 * 24 * 60 / 5;
    private static final String DIAL_FUNCTION = "DialCallFunction";

    private final Stack stack;
    private final Report report;
    private final String section = "AWS cost (the calls above, priced)";

    CostReport(Stack stack, Report report) {
        this.stack = stack;
        this.report = report;
    }

    void print(Map<String, CallsBench.Cost> measured) {
        Map<String, Integer> memory = new HashMap<>();
        Set<String> routed = new HashSet<>();
        for (SamTemplate.FunctionDef f : stack.template.functions()) {
            memory.put(f.logicalId(), f.memoryMb());
            if (!f.routes().isEmpty()) {
                routed.add(f.logicalId());
            }
        }
        CostModel model = new CostModel(memory, routed);
        report.note(section, CostModel.PRICES + ". Not priced: CloudWatch Logs and X-Ray, data transfer, Secrets"
                + " Manager API calls (per container), Twilio's and LiveKit's own bills.");

        String steadyBuy = measured.keySet().stream().filter(k -> k.startsWith("buy_") && k.endsWith("th"))
                .reduce((a, b) -> b).orElse("buy_2nd");
        Map<String, CostModel.Bill> bills = new java.util.LinkedHashMap<>();
        for (String op : new String[] {"buy_first", steadyBuy, "release", "assign_released", "lookup",
                "inbound_call", "outbound_later", "sweep"}) {
            CallsBench.Cost c = measured.get(op);
            if (c == null) {
                report.add(section, "cost." + op, "not_measured", "", null, null, "");
                continue;
            }
            boolean dial = op.startsWith("outbound");
            CostModel.Bill bill = model.bill(c, dial ? DIAL_FUNCTION : null, dial ? RINGING_SECONDS : 0);
            bills.put(op, bill);
            report.add(section, "cost." + op, CostModel.usd(bill.total()), "USD", dial ? "<= $0.00005" : null,
                    dial ? bill.total() <= 0.00005 : null, (dial ? "answered after " + (int) RINGING_SECONDS
                            + " s of ringing, which the dial step waits through; " : "") + bill.breakdown());
        }
        CostModel.Bill buy = bills.get(steadyBuy);
        CostModel.Bill sweep = bills.get("sweep");
        int secretCount = secretCount();
        double secrets = secretCount * CostModel.SECRET_MONTH;
        for (String direction : new String[] {"outbound", "inbound"}) {
            CostModel.Bill each = bills.get(direction.equals("outbound") ? "outbound_later" : "inbound_call");
            if (buy == null || sweep == null || each == null) {
                continue;
            }
            CostModel.Bill month = buy.times(NUMBERS).plus(each.times(CALLS)).plus(sweep.times(SWEEPS_PER_MONTH));
            report.add(section, "cost.month." + direction, CostModel.usd(month.total() + secrets), "USD", null, null,
                    String.format(java.util.Locale.ROOT,
                            "%,d numbers bought (%s each) + %,d %s calls (%s each) + %,d sweeps + %d secrets (%s): %s",
                            NUMBERS, CostModel.usd(buy.total()), CALLS, direction, CostModel.usd(each.total()),
                            SWEEPS_PER_MONTH, secretCount, CostModel.usd(secrets), month.breakdown()));
        }
    }

    /** The secrets a deployment holds: those the template creates and those it requires as parameters. */
    private int secretCount() {
        Map<?, ?> raw = stack.template.raw();
        int n = 0;
        if (raw.get("Resources") instanceof Map<?, ?> resources) {
            for (Object r : resources.values()) {
                if (r instanceof Map<?, ?> m && "AWS::SecretsManager::Secret".equals(m.get("Type"))) {
                    n++;
                }
            }
        }
        if (raw.get("Parameters") instanceof Map<?, ?> params) {
            for (Map.Entry<?, ?> e : params.entrySet()) {
                if (String.valueOf(e.getKey()).endsWith("SecretArn") && e.getValue() instanceof Map<?, ?> m
                        && !m.containsKey("Default")) {
                    n++;
                }
            }
        }
        return n;
    }
}
