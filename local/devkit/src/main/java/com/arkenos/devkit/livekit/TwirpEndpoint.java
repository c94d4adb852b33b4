package com.arkenos.devkit.livekit;

import com.arkenos.devkit.faults.Fault;
import com.arkenos.devkit.faults.FaultPlan;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The HTTP side of the sandbox: Twirp routing, protobuf and JSON bodies (the answer uses the request's content type,
 * JSON with proto field names and unpopulated fields as Twirp's Go server writes it), injected faults, token checks.
 *
 * <p>Order per request, as on LiveKit: count and fault the call (infrastructure answers before the service does),
 * verify the token (401), decode the body (400 malformed), check the grant (403), run the method.
 */
final class TwirpEndpoint implements HttpHandler {
    private static final String PROTOBUF = "application/protobuf";
    private static final String JSON = "application/json";
    private static final JsonFormat.Printer JSON_PRINTER =
            JsonFormat.printer().preservingProtoFieldNames().alwaysPrintFieldsWithNoPresence();
    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final Map<String, TwirpMethod> methods;
    private final FaultPlan faults;
    private final TokenVerifier tokens;

    TwirpEndpoint(List<TwirpMethod> methods, FaultPlan faults, TokenVerifier tokens) {
        this.methods = methods.stream().collect(Collectors.toUnmodifiableMap(TwirpMethod::path, Function.identity()));
        this.faults = faults;
        this.tokens = tokens;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            serve(exchange);
        } catch (TwirpError e) {
            writeError(exchange, e);
        } catch (IOException e) {
            // The client went away (or we dropped it on purpose): nothing left to answer.
        } catch (RuntimeException | LinkageError e) {
            // A bug or a broken classpath must show up as an answer, not as a dropped connection that looks like
            // an injected RESET.
            writeError(exchange, TwirpError.internal("sandbox failure: " + e));
        } finally {
            exchange.close();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw TwirpError.badRoute("unsupported method \"" + exchange.getRequestMethod()
                    + "\" (only POST is allowed)");
        }
        TwirpMethod method = methods.get(path);
        if (method == null) {
            throw TwirpError.badRoute("no handler for path \"" + path + "\"");
        }
        boolean json = isJson(exchange);
        Optional<Fault> fault = faults.onCall(method.operation());
        if (fault.isPresent() && applyFault(exchange, method, fault.get())) {
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Grants grants = tokens.verify(exchange.getRequestHeaders().getFirst("Authorization"));
        Message request = decode(method.prototype(), body, json);
        if (!method.permission().test(grants, request)) {
            throw TwirpError.permissionDenied("permissions denied");
        }
        Message response = method.handler().apply(request);
        byte[] out = json ? JSON_PRINTER.print(response).getBytes(StandardCharsets.UTF_8) : response.toByteArray();
        exchange.getResponseHeaders().set("Content-Type", json ? JSON : PROTOBUF);
        exchange.sendResponseHeaders(200, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private static boolean isJson(HttpExchange exchange) {
        String type = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
        String bare = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (bare) {
            case JSON -> true;
            case PROTOBUF -> false;
            default -> throw TwirpError.badRoute("unexpected Content-Type: \"" + type + "\"");
        };
    }

    /** Returns true when the fault consumed the exchange (no further processing). */
    private boolean applyFault(HttpExchange exchange, TwirpMethod method, Fault fault) throws IOException {
        switch (fault) {
            case RATE_LIMITED -> throw new TwirpError("resource_exhausted", "rate limit exceeded");
            case SERVER_ERROR -> throw TwirpError.internal("internal server error");
            case PERMANENT -> throw new TwirpError(method.permanentCode(), "injected permanent failure");
            case TIMEOUT -> {
                sleep(faults.timeoutHoldMillis());
                abort(exchange);
                return true;
            }
            case RESET -> {
                abort(exchange);
                return true;
            }
        }
        return false;
    }

    /** Closing an exchange before its headers are sent makes the JDK server drop the connection: no response. */
    private static void abort(HttpExchange exchange) {
        exchange.close();
    }

    private static Message decode(Message prototype, byte[] body, boolean json) {
        try {
            if (json) {
                Message.Builder builder = prototype.newBuilderForType();
                JSON_PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
                return builder.build();
            }
            return prototype.getParserForType().parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw TwirpError.malformed(json ? "the json request could not be decoded"
                    : "the protobuf request could not be decoded");
        }
    }

    private static void writeError(HttpExchange exchange, TwirpError error) {
        try {
            byte[] out = error.toJson().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", JSON);
            exchange.sendResponseHeaders(error.httpStatus(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        } catch (IOException | IllegalStateException e) {
            // Headers already sent or the client is gone; the connection closes either way.
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
