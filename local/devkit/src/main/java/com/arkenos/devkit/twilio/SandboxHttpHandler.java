package com.arkenos.devkit.twilio;

import com.arkenos.devkit.faults.Fault;
import com.arkenos.devkit.faults.FaultPlan;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;

/**
 * Serves every request: routes it, counts it and applies a pending fault, checks Basic auth and the AccountSid in
 * the path, then runs the handler under the sandbox lock and writes Twilio's JSON.
 *
 * <p>Faults are applied before authentication, because a rate limiter or a broken load balancer answers before
 * Twilio looks at credentials; every routed call is therefore counted, authenticated or not.
 */
final class SandboxHttpHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(SandboxHttpHandler.class.getName());

    private final List<Route> routes;
    private final FaultPlan faults;
    private final String accountSid;
    private final byte[] expectedAuthorization;
    private final Object lock;
    private final Runnable onChange;
    private final ObjectMapper mapper = new ObjectMapper();

    SandboxHttpHandler(List<Route> routes, FaultPlan faults, String accountSid, String authToken, Object lock,
                       Runnable onChange) {
        this.routes = routes;
        this.faults = faults;
        this.accountSid = accountSid;
        this.expectedAuthorization = ("Basic " + Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
        this.lock = lock;
        this.onChange = onChange;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            serve(exchange);
        } catch (TwilioApiError e) {
            write(exchange, e.status(), e.body(), e.status() == 401);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Twilio sandbox failed to serve a request", e);
            TwilioApiError error = TwilioApiError.internalServerError();
            write(exchange, error.status(), error.body(), false);
        } finally {
            // Closing before any response was sent drops the connection: that is how TIMEOUT and RESET look.
            exchange.close();
        }
    }

    private void serve(HttpExchange exchange) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String body = readBody(exchange.getRequestBody());
        Params params = Params.parse("POST".equals(method) ? body : exchange.getRequestURI().getRawQuery());
        String twilioPath = twilioPath(path);

        Optional<Routed> routed = match(method, path, twilioPath, params);
        if (routed.isPresent()) {
            Optional<Fault> fault = faults.onCall(routed.get().route().operation());
            if (fault.isPresent() && !applyFault(fault.get(), routed.get())) {
                return;
            }
        }
        authenticate(exchange);
        Routed target = routed.orElseThrow(() -> pathKnown(path)
                ? TwilioApiError.methodNotAllowed() : TwilioApiError.notFound(twilioPath));
        // Another account's resources do not exist as far as these credentials are concerned.
        if (target.pathAccountSid() != null && !accountSid.equals(target.pathAccountSid())) {
            throw TwilioApiError.notFound(twilioPath);
        }
        SandboxResponse response;
        synchronized (lock) {
            response = target.route().handler().handle(target.request());
            if (!"GET".equals(method)) {
                onChange.run();
            }
        }
        write(exchange, response.status(), response.body(), false);
    }

    /** Returns false when the fault means "no response at all"; throws when it means an error response. */
    private boolean applyFault(Fault fault, Routed routed) throws InterruptedException {
        switch (fault) {
            case RATE_LIMITED -> throw TwilioApiError.tooManyRequests();
            case SERVER_ERROR -> throw TwilioApiError.internalServerError();
            case PERMANENT -> throw routed.route().permanentFault().apply(routed.request());
            case TIMEOUT -> {
                Thread.sleep(faults.timeoutHoldMillis());
                return false;
            }
            case RESET -> {
                return false;
            }
            default -> throw new IllegalStateException("Unknown fault " + fault);
        }
    }

    private Optional<Routed> match(String method, String path, String twilioPath, Params params) {
        for (Route route : routes) {
            Matcher m = route.pattern().matcher(path);
            if (route.method().equals(method) && m.matches()) {
                List<String> groups = new ArrayList<>();
                for (int i = 1; i <= m.groupCount(); i++) {
                    groups.add(m.group(i));
                }
                String pathAccountSid = path.startsWith(Routes.API_PREFIX + "/") ? groups.remove(0) : null;
                return Optional.of(new Routed(route, new SandboxRequest(twilioPath, groups, params),
                        pathAccountSid));
            }
        }
        return Optional.empty();
    }

    private boolean pathKnown(String path) {
        return routes.stream().anyMatch(r -> r.pattern().matcher(path).matches());
    }

    private void authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] given = header == null ? new byte[0] : header.trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, expectedAuthorization)) {
            throw TwilioApiError.authenticate();
        }
    }

    /** Strips the sandbox's product prefix: {@code /api/2010-04-01/...} is {@code /2010-04-01/...} on Twilio. */
    private static String twilioPath(String path) {
        int second = path.indexOf('/', 1);
        return second < 0 ? path : path.substring(second);
    }

    private static String readBody(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void write(HttpExchange exchange, int status, Object body, boolean challenge) {
        try {
            exchange.getResponseHeaders().set("Twilio-Request-Id",
                    "RQ" + UUID.randomUUID().toString().replace("-", ""));
            if (challenge) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Twilio API\"");
            }
            if (body == null) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            byte[] bytes = mapper.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Twilio sandbox could not write a response", e);
        }
    }

    /** A matched route; {@code pathAccountSid} is null for products without an account in the path. */
    private record Routed(Route route, SandboxRequest request, String pathAccountSid) {
    }
}
