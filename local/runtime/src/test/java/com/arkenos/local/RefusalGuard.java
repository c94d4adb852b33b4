package com.arkenos.local;

import com.arkenos.telephony.numbers.HeldNumbers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A proxy in front of a local stack that checks "a refused request changes nothing": it forwards one request at a
 * time and, when the answer is a 4xx, compares every DynamoDB item and what the Twilio and LiveKit sandboxes hold
 * (numbers, trunks, credential and address lists, dispatch rules, rooms, dials) before and after. One kind of item is
 * left out: an owner's held-numbers item ({@code numbers-held#<owner>}), the number limit's bookkeeping, which a
 * refused buy that reached Twilio takes a place in and gives back (its timestamps move; its numbers do not). Before
 * each request it waits until the stack is idle (no execution running, no asynchronous invocation in flight), so what
 * an earlier accepted request set going is not blamed on it.
 */
final class RefusalGuard implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "transfer-encoding",
            "upgrade", "expect", "keep-alive", "http2-settings");

    private final LocalRuntime runtime;
    private final String target;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final List<String> changes = java.util.Collections.synchronizedList(new ArrayList<>());

    RefusalGuard(LocalRuntime runtime, String target) throws IOException {
        this.runtime = runtime;
        this.target = target;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        // One request at a time: a comparison holds only while nothing else writes.
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.createContext("/", this::serve);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int forwarded() {
        return forwarded.get();
    }

    int refused() {
        return refused.get();
    }

    /** One line per refused request that changed something: method, path, status and what changed. */
    List<String> changes() {
        return List.copyOf(changes);
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            awaitIdle();
            State before = state();
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + path))
                    .timeout(Duration.ofSeconds(60))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> answer;
            try {
                answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            forwarded.incrementAndGet();
            int status = answer.statusCode();
            if (status >= 400 && status < 500) {
                refused.incrementAndGet();
                awaitIdle();
                String changed = before.difference(state());
                if (changed != null) {
                    changes.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + " -> " + status
                            + ": " + changed);
                }
            }
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(v -> ex.getResponseHeaders().add(name, v));
                }
            });
            byte[] out = answer.body();
            ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
        }
    }

    private record State(Map<String, List<String>> items, Map<String, String> providers) {
        /** What differs, in a few words; null when nothing does. */
        String difference(State after) {
            List<String> out = new ArrayList<>();
            items.keySet().forEach(table -> {
                List<String> was = items.get(table);
                List<String> now = after.items().get(table);
                if (!was.equals(now)) {
                    List<String> gone = new ArrayList<>(was);
                    gone.removeAll(now);
                    List<String> made = new ArrayList<>(now);
                    made.removeAll(was);
                    out.add(table + ": " + gone.size() + " items gone or changed " + clip(gone) + ", "
                            + made.size() + " new or changed " + clip(made));
                }
            });
            providers.forEach((what, held) -> {
                if (!held.equals(after.providers().get(what))) {
                    out.add(what + " changed: " + clip(List.of(held)) + " -> "
                            + clip(List.of(after.providers().get(what))));
                }
            });
            return out.isEmpty() ? null : String.join("; ", out);
        }
    }

    private static String clip(List<String> items) {
        String text = items.toString();
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }

    private State state() {
        var twilio = runtime.providers().twilioSandbox();
        var livekit = runtime.providers().liveKitSandbox();
        Map<String, String> providers = new TreeMap<>();
        providers.put("twilio numbers", twilio.ownedNumbers().toString());
        providers.put("twilio trunks", twilio.trunks().toString());
        providers.put("twilio credential lists", twilio.credentialLists().toString());
        providers.put("twilio address lists", twilio.ipAccessControlLists().toString());
        providers.put("livekit inbound trunks", livekit.inboundTrunks().toString());
        providers.put("livekit outbound trunks", livekit.outboundTrunks().toString());
        providers.put("livekit dispatch rules", livekit.dispatchRules().toString());
        providers.put("livekit rooms", livekit.rooms().toString());
        providers.put("livekit dials", Integer.toString(livekit.dialRequests().size()));
        Map<String, List<String>> items = new TreeMap<>();
        runtime.dynamo().snapshot().forEach((table, all) -> items.put(table,
                all.stream().filter(i -> !i.contains("S=" + HeldNumbers.PREFIX)).toList()));
        return new State(items, providers);
    }

    private void awaitIdle() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            runtime.awaitExecutions(Duration.ofSeconds(60));
            while (runtime.lambda().eventsInFlight() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // The calls stream is not awaited: the callback function it feeds writes no item and no provider.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
