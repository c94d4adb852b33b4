package com.arkenos.telephony.priming;

import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one function's SnapStart priming replays: its sample events (events/FUNCTION/*.json), each with the requests
 * the function made while handling it against the local stack's sandboxes and the answers it got, and the
 * environment it ran in (endpoints left out). Recorded by {@code ./stack priming-tapes} (local/runtime's
 * {@code PrimingTapes}); kept as {@code priming/NAME.json} in the jar of the function's handler.
 *
 * @param handler     the handler class that was recorded
 * @param recordedAt  when the answers were given; a replay moves the times in them by the tape's age
 * @param env         the function's environment while recording, without the {@link Service} endpoints
 * @param invocations the sample events in the order they were handled
 */
public record Tape(String handler, Instant recordedAt, Map<String, String> env, List<Invocation> invocations) {
    static final String DIRECTORY = "priming/";

    /**
     * One sample event and what handling it took.
     *
     * @param status the HTTP status the function answered, or 0 for a function that is not behind the HTTP API
     */
    public record Invocation(String event, int status, List<Exchange> exchanges) {
    }

    /** One request the function made (method, path without its query, AWS target header) and the answer it got. */
    public record Exchange(Service service, String method, String path, String target, int status,
                           String contentType, byte[] body) {
        /** Whether {@code request} asks what this exchange asked, by method, path and target. */
        boolean answers(String method, String path, String target) {
            return this.method.equals(method) && this.path.equals(path) && this.target.equals(target);
        }
    }

    /** The tape {@code name} in the jar of {@code loader}, if it has one. */
    public static Optional<Tape> load(ClassLoader loader, String name) throws IOException {
        try (InputStream in = loader.getResourceAsStream(DIRECTORY + name + ".json")) {
            return in == null ? Optional.empty() : Optional.of(read(in.readAllBytes()));
        }
    }

    public static Tape read(byte[] json) throws IOException {
        JsonNode root = Json.parse(json);
        Map<String, String> env = new LinkedHashMap<>();
        root.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        List<Invocation> invocations = new ArrayList<>();
        for (JsonNode i : root.path("invocations")) {
            List<Exchange> exchanges = new ArrayList<>();
            for (JsonNode x : i.path("exchanges")) {
                byte[] body = x.has("body_base64") ? Base64.getDecoder().decode(x.get("body_base64").asText())
                        : x.path("body").asText().getBytes(StandardCharsets.UTF_8);
                exchanges.add(new Exchange(Service.valueOf(x.path("service").asText()), x.path("method").asText(),
                        x.path("path").asText(), x.path("target").asText(), x.path("status").asInt(),
                        x.hasNonNull("content_type") ? x.get("content_type").asText() : null, body));
            }
            invocations.add(new Invocation(Json.write(i.path("event")), i.path("status").asInt(), exchanges));
        }
        return new Tape(root.path("handler").asText(), Instant.parse(root.path("recorded_at").asText()), env,
                invocations);
    }

    /** The tape as JSON, one answer body as text where it is text (JSON, forms), else in base64 (protobuf). */
    public String write() throws IOException {
        ObjectNode root = Json.object().put("handler", handler).put("recorded_at", recordedAt.toString());
        ObjectNode envNode = root.putObject("env");
        env.forEach(envNode::put);
        ArrayNode list = root.putArray("invocations");
        for (Invocation i : invocations) {
            ObjectNode node = list.addObject();
            node.set("event", Json.parse(i.event()));
            node.put("status", i.status());
            ArrayNode exchanges = node.putArray("exchanges");
            for (Exchange x : i.exchanges()) {
                ObjectNode e = exchanges.addObject().put("service", x.service().name()).put("method", x.method())
                        .put("path", x.path()).put("target", x.target()).put("status", x.status())
                        .put("content_type", x.contentType());
                if (isText(x.contentType())) {
                    e.put("body", new String(x.body(), StandardCharsets.UTF_8));
                } else {
                    e.put("body_base64", Base64.getEncoder().encodeToString(x.body()));
                }
            }
        }
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    static boolean isText(String contentType) {
        return contentType == null || contentType.contains("json") || contentType.startsWith("text/")
                || contentType.contains("x-www-form-urlencoded") || contentType.contains("xml");
    }
}
