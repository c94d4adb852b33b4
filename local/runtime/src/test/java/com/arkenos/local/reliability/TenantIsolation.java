package com.arkenos.local.reliability;

import com.arkenos.local.Http;
import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Owner B calls every endpoint on owner A's agents, numbers and calls. Each answer must be the documented one (404
 * for another owner's agent, number or call; 403 when a JWT identity and the header disagree; the numbers' shared
 * Twilio account makes buy/assign of a held number a 409 that only says "not available"; lists and the check answer
 * 200 with nothing of A's), must contain nothing of A's (ids, names, prompt, Twilio sid, execution, call id, number,
 * unless B sent it), and must change nothing: every table and the providers' inventories are compared after each.
 */
final class TenantIsolation {
    private record Attempt(String name, String method, String path, String body, Set<Integer> expected, String sent) {}

    private final Seed seed;
    private final World w;

    TenantIsolation(Seed seed) {
        this.seed = seed;
        this.w = seed.world;
    }

    Report.Section run() {
        Report.Section section = new Report.Section("isolation", "Tenant isolation: owner B on owner A's things");
        long start = System.nanoTime();
        Map<String, String> secrets = seed.secretsOfA();
        List<Attempt> attempts = attempts();
        Report.Table t = section.table("endpoint (as owner B)", "target", "answer", "leaks", "state", "result");
        Map<String, Object> before = seed.snapshot();
        for (Attempt a : attempts) {
            Http.Response r = w.api.send(a.method(), a.path(), seed.ownerB, a.body(), Map.of());
            List<String> problems = new ArrayList<>();
            if (!a.expected().contains(r.status())) {
                problems.add("answered " + r.status() + ", expected " + a.expected() + ": "
                        + HostileInput.Text.show(r.body()));
            }
            List<String> leaks = new ArrayList<>();
            secrets.forEach((value, kind) -> {
                if (!value.isEmpty() && r.body().contains(value) && !a.sent().contains(value)) {
                    leaks.add(kind);
                }
            });
            if (!leaks.isEmpty()) {
                problems.add("the answer holds A's " + leaks);
            }
            Map<String, Object> after = seed.snapshot();
            List<String> changed = Seed.diff(before, after);
            if (!changed.isEmpty()) {
                problems.add("changed " + changed);
                before = after;
            }
            t.row(a.method() + " " + a.path().replace(seed.agentA1, "{A's agent}").replace(seed.agentA2, "{A's agent}")
                            .replace(seed.phoneA, "{A's number}").replace(String.valueOf(seed.callA), "{A's call}")
                            .replace(seed.agentB2, "{B's agent}").replace(seed.phoneB, "{B's number}"),
                    a.name(), r.status() + (r.status() >= 400 ? " " + r.errorCode() : ""),
                    leaks.isEmpty() ? "none" : String.join(",", leaks), changed.isEmpty() ? "unchanged" : "CHANGED",
                    problems.isEmpty() ? "ok" : "FAIL");
            section.check("as B: " + a.method() + " " + a.path() + " (" + a.name() + ")", problems, r.status() + "");
        }
        // AuthMode=jwt: the token's subject is B, the header claims A: refused (403) everywhere.
        int jwtRefused = 0;
        int jwtTotal = 0;
        List<String> jwtProblems = new ArrayList<>();
        for (Attempt a : attempts) {
            if (a.path().startsWith("/api/telephony/lookup")) {
                continue; // the worker's endpoint has no owner
            }
            jwtTotal++;
            int status = jwtEvent(a);
            if (status == 403) {
                jwtRefused++;
            } else {
                jwtProblems.add(a.method() + " " + a.path() + " answered " + status);
            }
        }
        section.check("AuthMode=jwt: token subject B with x-user-id A is refused with 403 on every endpoint",
                jwtProblems, jwtRefused + "/" + jwtTotal);
        t.row("(every endpoint above, AuthMode=jwt)", "token of B, x-user-id of A", "403 x" + jwtRefused + " of "
                + jwtTotal, "none", "unchanged", jwtProblems.isEmpty() ? "ok" : "FAIL");
        section.note(attempts.size() + " requests by owner B naming owner A's agents, numbers"
                + (seed.calls ? " and calls" : "") + "; a snapshot of every table and provider inventory is compared"
                + " after each; an answer may only mention A's things that B itself sent.");
        section.millis = (System.nanoTime() - start) / 1_000_000;
        return section;
    }

    private List<Attempt> attempts() {
        String a1 = seed.agentA1;
        String a2 = seed.agentA2;
        String pa = seed.phoneA;
        String b2 = seed.agentB2;
        Set<Integer> nf = Set.of(404);
        List<Attempt> l = new ArrayList<>();
        l.add(new Attempt("A's agent", "GET", "/api/agents/" + a1, null, nf, a1));
        l.add(new Attempt("A's agent", "PATCH", "/api/agents/" + a1, "{\"name\":\"pwned\"}", nf, a1));
        l.add(new Attempt("A's agent", "PATCH", "/api/agents/" + a1, "{\"config\":{\"system_prompt\":\"pwned\"}}",
                nf, a1));
        l.add(new Attempt("A's free agent", "DELETE", "/api/agents/" + a2, null, nf, a2));
        l.add(new Attempt("A's agent", "DELETE", "/api/agents/" + a1, null, nf, a1));
        l.add(new Attempt("own list", "GET", "/api/agents", null, Set.of(200), ""));
        l.add(new Attempt("cursor naming A's agent", "GET",
                "/api/agents?cursor=" + cursor("{\"agent_id\":\"" + a1 + "\"}"), null, Set.of(200, 400), a1));
        l.add(new Attempt("A's number", "GET", "/api/telephony/numbers/" + pa, null, nf, pa));
        l.add(new Attempt("own list", "GET", "/api/telephony/numbers", null, Set.of(200), ""));
        l.add(new Attempt("cursor naming A's number", "GET", "/api/telephony/numbers?cursor="
                + cursor("{\"phone_number\":\"" + pa + "\"}"), null, Set.of(200, 400), pa));
        l.add(new Attempt("A's number", "GET", "/api/telephony/numbers/check?phone_number=" + enc(pa), null,
                Set.of(200), pa));
        l.add(new Attempt("A's number", "POST", "/api/telephony/numbers/release",
                "{\"phone_number\":\"" + pa + "\"}", nf, pa));
        l.add(new Attempt("A's agent", "POST", "/api/telephony/numbers/release",
                "{\"agent_id\":\"" + a1 + "\"}", nf, a1));
        l.add(new Attempt("A's number", "POST", "/api/telephony/numbers/retry",
                "{\"phone_number\":\"" + pa + "\"}", nf, pa));
        l.add(new Attempt("A's agent", "POST", "/api/telephony/numbers/retry",
                "{\"agent_id\":\"" + a1 + "\"}", nf, a1));
        l.add(new Attempt("A's number", "POST", "/api/telephony/numbers/provision",
                "{\"phone_number\":\"" + pa + "\"}", nf, pa));
        l.add(new Attempt("A's number to B's agent", "POST", "/api/telephony/numbers/reassign",
                "{\"phone_number\":\"" + pa + "\",\"target_agent_id\":\"" + b2 + "\"}", nf, pa + b2));
        l.add(new Attempt("B's number to A's agent", "POST", "/api/telephony/numbers/reassign",
                "{\"phone_number\":\"" + seed.phoneB + "\",\"target_agent_id\":\"" + a2 + "\"}", nf, seed.phoneB + a2));
        l.add(new Attempt("A's number, B's agent (shared Twilio account: 409 not available)", "POST",
                "/api/telephony/numbers/assign", "{\"phone_number\":\"" + pa + "\",\"agent_id\":\"" + b2 + "\"}",
                Set.of(409), pa + b2));
        l.add(new Attempt("A's number, B's agent (shared Twilio account: 409 not available)", "POST",
                "/api/telephony/numbers/buy", "{\"phone_number\":\"" + pa + "\",\"agent_id\":\"" + b2 + "\"}",
                Set.of(409), pa + b2));
        l.add(new Attempt("A's agent for a new number", "POST", "/api/telephony/numbers/buy",
                "{\"phone_number\":\"" + w.freshNumber() + "\",\"agent_id\":\"" + a2 + "\"}", nf, a2));
        l.add(new Attempt("A's number for A's agent", "POST", "/api/telephony/numbers/assign",
                "{\"phone_number\":\"" + pa + "\",\"agent_id\":\"" + a1 + "\"}", nf, pa + a1));
        if (seed.calls) {
            String ca = seed.callA;
            l.add(new Attempt("a call from A's agent", "POST", "/api/calls/outbound",
                    "{\"agent_id\":\"" + a1 + "\",\"phone_number\":\"+14155550177\"}", nf, a1));
            l.add(new Attempt("A's call", "GET", "/api/calls/" + ca, null, nf, ca));
            l.add(new Attempt("A's call", "GET", "/api/calls/" + ca + "/status", null, nf, ca));
            l.add(new Attempt("A's call", "POST", "/api/calls/" + ca + "/end", null, nf, ca));
            l.add(new Attempt("own list", "GET", "/api/calls", null, Set.of(200), ""));
            l.add(new Attempt("own list filtered by A's agent", "GET", "/api/calls?agent_id=" + a1, null,
                    Set.of(200, 400), a1));
            l.add(new Attempt("cursor naming A's call", "GET", "/api/calls?cursor=" + cursor("{\"call_id\":\"" + ca
                    + "\",\"created_at\":\"2020-01-01T00:00:00Z\"}"), null, Set.of(200, 400), ca));
        }
        l.add(new Attempt("the worker endpoint with a user identity", "GET", "/api/telephony/lookup?phone_number="
                + enc(pa), null, Set.of(401), pa));
        return l;
    }

    /** The same request as a JWT-authorised event whose subject is B while the header claims A. */
    private int jwtEvent(Attempt a) {
        String route = w.runtime.template().routes().stream()
                .filter(r -> r.method().equals(a.method()) && matches(r.path(), a.path().split("\\?")[0]))
                .sorted(java.util.Comparator.comparingInt(r -> r.path().split("\\{").length)) // literal routes first
                .map(r -> r.routeKey() + "|" + r.functionId()).findFirst().orElse(null);
        if (route == null) {
            return -1;
        }
        String[] rf = route.split("\\|");
        ObjectNode e = Json.object();
        e.put("version", "2.0");
        e.put("routeKey", rf[0]);
        e.put("rawPath", a.path().split("\\?")[0]);
        e.putObject("headers").put("x-user-id", seed.ownerA).put("content-type", "application/json");
        ObjectNode ctx = e.putObject("requestContext");
        ctx.putObject("http").put("method", a.method()).put("path", a.path());
        ctx.putObject("authorizer").putObject("jwt").putObject("claims").put("sub", seed.ownerB);
        String[] t = rf[0].split(" ")[1].split("/");
        String[] p = a.path().split("\\?")[0].split("/");
        ObjectNode pp = e.putObject("pathParameters");
        for (int i = 0; i < t.length && i < p.length; i++) {
            if (t[i].startsWith("{")) {
                pp.put(t[i].substring(1, t[i].length() - 1), p[i]);
            }
        }
        if (a.body() != null) {
            e.put("body", a.body());
        }
        try {
            byte[] out = w.runtime.host().invoke(rf[1], Json.MAPPER.writeValueAsBytes(e));
            var r = Json.parse(out);
            Needles.scanResponse("jwt event", r.path("body").asText(""));
            return r.path("statusCode").asInt();
        } catch (Exception ex) {
            return 599;
        }
    }

    private static boolean matches(String template, String path) {
        String[] t = template.split("/");
        String[] p = path.split("/");
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            if (!t[i].startsWith("{") && !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    private static String cursor(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
