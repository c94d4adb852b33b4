package com.arkenos.devkit.sfn;

import com.arkenos.devkit.http.ConnectionHeaders;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Invoke API ({@code POST /2015-03-31/functions/{name or ARN}/invocations}) on a loopback port, answering
 * like AWS Lambda with the Java runtime: the result payload with 200; a thrown exception as 200 with
 * {@code X-Amz-Function-Error: Unhandled} and {@code {"errorType", "errorMessage", "stackTrace"}}; an unknown function
 * as 404 ResourceNotFoundException. {@code X-Amz-Invocation-Type: Event} is answered 202 at once and the function
 * runs in the background, as Lambda's asynchronous invocation does; {@code DryRun} is answered 204. Functions are
 * registered by name; an ARN or a {@code name:qualifier} is resolved
 * to its function name, so one registration serves every alias and version.
 */
public final class LambdaInvokeServer implements AutoCloseable {
    private static final Pattern INVOKE_PATH = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations/?");
    private static final ObjectMapper JSON = new ObjectMapper();
    // Map states and parallel branches invoke concurrently; functions may block (tests hold them on latches).
    private static final int THREADS = 32;

    private record Registration(LambdaFunction function, AtomicInteger invocations) {
    }

    private final Map<String, Registration> functions = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor;
    /**
     * Asynchronous invocations run here, not on the request pool: an event function may run for minutes (a call
     * that rings) and must not hold the threads that answer synchronous invocations.
     */
    private final ExecutorService events = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "lambda-event");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger eventsRunning = new AtomicInteger();

    private LambdaInvokeServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on an ephemeral loopback port. */
    public static LambdaInvokeServer start() {
        return start(0);
    }

    public static LambdaInvokeServer start(int port) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "lambda-invoke");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            LambdaInvokeServer invokeServer = new LambdaInvokeServer(server, executor);
            ConnectionHeaders.on(server.createContext("/", invokeServer::handle));
            server.setExecutor(executor);
            server.start();
            return invokeServer;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot start the Lambda Invoke server on port " + port, e);
        }
    }

    /**
     * Serves {@code function} under {@code name}, replacing any function of that name; its invocation count starts
     * at 0.
     */
    public LambdaInvokeServer register(String name, LambdaFunction function) {
        functions.put(name, new Registration(function, new AtomicInteger()));
        return this;
    }

    /** How many times the function registered under {@code name} was invoked since it was registered. */
    public int invocations(String name) {
        Registration registration = functions.get(name);
        return registration == null ? 0 : registration.invocations().get();
    }

    /** How many asynchronous (Event) invocations are accepted and still running. */
    public int eventsInFlight() {
        return eventsRunning.get();
    }

    /**
     * The base URL, {@code http://127.0.0.1:PORT}: what AWS_ENDPOINT_URL_LAMBDA or a client's endpointOverride takes.
     */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        events.shutdownNow();
    }

    /**
     * The function name in a FunctionName parameter: {@code name}, {@code name:qualifier},
     * {@code ACCOUNT:function:name[:qualifier]} or {@code arn:aws:lambda:REGION:ACCOUNT:function:name[:qualifier]}.
     */
    static String functionName(String nameOrArn) {
        String[] parts = nameOrArn.split(":");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("function")) {
                return parts[i + 1];
            }
        }
        return parts[0];
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = INVOKE_PATH.matcher(exchange.getRequestURI().getRawPath());
            if (!path.matches() || !exchange.getRequestMethod().equals("POST")) {
                sendError(exchange, 404, "UnknownOperationException", "Unknown operation: "
                        + exchange.getRequestMethod() + " " + exchange.getRequestURI());
                return;
            }
            String requested = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
            Registration registration = functions.get(functionName(requested));
            if (registration == null) {
                sendError(exchange, 404, "ResourceNotFoundException", "Function not found: " + requested);
                return;
            }
            byte[] payload;
            try (InputStream body = exchange.getRequestBody()) {
                payload = body.readAllBytes();
            }
            String invocationType = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            if ("DryRun".equals(invocationType)) {
                send(exchange, 204, new byte[0]);
            } else if ("Event".equals(invocationType)) {
                // Asynchronous invocation: accepted at once, run in the background, its outcome goes nowhere (as
                // without a DLQ).
                registration.invocations().incrementAndGet();
                eventsRunning.incrementAndGet();
                String name = functionName(requested);
                events.execute(() -> {
                    try {
                        invokeQuietly(name, registration.function(), payload);
                    } finally {
                        eventsRunning.decrementAndGet();
                    }
                });
                send(exchange, 202, new byte[0]);
            } else {
                registration.invocations().incrementAndGet();
                invoke(exchange, registration.function(), payload);
            }
        }
    }

    private void invoke(HttpExchange exchange, LambdaFunction function, byte[] payload) throws IOException {
        byte[] result;
        try {
            result = function.invoke(payload);
        } catch (Throwable thrown) {
            // The Java runtime reports Errors as well as Exceptions as function errors, by their class name.
            Throwable error = unwrap(thrown);
            ObjectNode body = JSON.createObjectNode()
                    .put("errorType", error.getClass().getName())
                    .put("errorMessage", error.getMessage());
            body.putArray("stackTrace");
            exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
            send(exchange, 200, JSON.writeValueAsBytes(body));
            return;
        }
        send(exchange, 200, result == null ? "null".getBytes(StandardCharsets.UTF_8) : result);
    }

    private static void invokeQuietly(String name, LambdaFunction function, byte[] payload) {
        try {
            function.invoke(payload);
        } catch (Throwable thrown) {
            // An asynchronous invocation's failure is only visible in the function's logs (no DLQ or destination).
            Throwable error = unwrap(thrown);
            System.err.println("asynchronous invocation of " + name + " failed: " + error.getClass().getName()
                    + ": " + error.getMessage());
        }
    }

    /** The runtime reports the handler's exception, not the reflection wrapper around it. */
    private static Throwable unwrap(Throwable thrown) {
        Throwable error = thrown;
        while (error instanceof InvocationTargetException && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    private static void sendError(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        ObjectNode body = JSON.createObjectNode().put("Type", "User").put("message", message);
        send(exchange, status, JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (status == 200) {
            exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        }
        if (body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
