package com.arkenos.local.reliability;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs last: every log line written while the suite ran (through {@link com.arkenos.telephony.core.log.Log#addSink}),
 * every API answer the suite received (except the lookup answers to the authenticated worker, which carry the
 * system prompt by design) and every DynamoDB item of every world are searched for every credential (Twilio auth
 * token and its basic-auth form, LiveKit API secret, SIP termination password, worker key) and, in log lines, for
 * every agent's system prompt. A positive control shows the prompt does reach the authenticated worker.
 */
final class Secrets {
    private final Lanes lanes;
    private final Seed seed;

    Secrets(Lanes lanes, Seed seed) {
        this.lanes = lanes;
        this.seed = seed;
    }

    Report.Section run() {
        Report.Section section = new Report.Section("secrets", "Secrets: logs, answers and stored items");
        long start = System.nanoTime();
        for (int i = 0; i < lanes.size(); i++) {
            lanes.world(i).scanForSecrets(); // what is there now; every reset scanned what was there before
        }
        List<Needles.Hit> hits = Needles.hits();
        Map<String, int[]> byKind = new TreeMap<>(); // log, response, dynamodb
        for (String kind : List.of("Twilio auth token", "Twilio basic auth", "LiveKit API secret",
                "termination password", "worker key", "system prompt")) {
            byKind.put(kind, new int[3]);
        }
        hits.forEach(h -> byKind.computeIfAbsent(h.kind(), k -> new int[3])[h.channel().ordinal()]++);
        Report.Table t = section.table("secret", "log lines", "API answers", "DynamoDB items", "result");
        byKind.forEach((kind, c) -> {
            boolean prompt = kind.equals("system prompt");
            t.row(kind, c[0] + " hits", prompt ? "(owner may read)" : c[1] + " hits", prompt ? "(stored by design)"
                    : c[2] + " hits", c[0] + c[1] + c[2] == 0 ? "ok" : "FAIL");
            List<String> where = hits.stream().filter(h -> h.kind().equals(kind)).limit(3)
                    .map(h -> h.channel() + ": " + h.where()).toList();
            section.check("no " + kind + " in log lines, API answers or DynamoDB", where,
                    Needles.logLines() + " lines, " + Needles.responses() + " answers, " + Needles.items() + " items");
        });
        // Positive controls: the scanner sees what it looks for, and the suite did produce what it scanned.
        var lookup = seed.world.api.lookup(seed.phoneA);
        boolean delivered = lookup.status() == 200 && Needles.holdsPrompt(lookup.body());
        section.check("control: the authenticated worker's lookup answer does carry the system prompt",
                delivered ? List.of() : List.of("lookup answered " + lookup.status()), "found");
        section.check("control: log lines were captured", Needles.logLines() > 100 ? List.of()
                : List.of("only " + Needles.logLines() + " lines"), Needles.logLines() + " lines");
        section.note("Scanned: " + Needles.logLines() + " log lines, " + Needles.responses() + " API answers, "
                + Needles.items() + " DynamoDB items (every item of every deployment the suite made, before each"
                + " reset), for " + Needles.credentialCount() + " credentials ("
                + lanes.size() + " stacks) and " + Needles.promptCount() + " system prompts (every agent the suite"
                + " created has its own). The lookup answers to the authenticated worker are the one place a prompt"
                + " may appear, and are not counted.");
        section.millis = (System.nanoTime() - start) / 1_000_000;
        return section;
    }
}
