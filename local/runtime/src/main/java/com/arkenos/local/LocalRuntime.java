package com.arkenos.local;

import com.arkenos.devkit.dynamo.LocalDynamoDb;
import com.arkenos.devkit.sfn.LambdaInvokeServer;
import com.arkenos.devkit.sfn.LocalStepFunctions;
import software.amazon.awssdk.services.sfn.SfnClient;
import com.arkenos.devkit.openapi.OpenApiDocument;
import com.arkenos.devkit.template.SamTemplate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "sam local" without Docker: reads template.yaml, starts DynamoDB Local in this JVM, and serves the HTTP API on
 * port 8000 by invoking the mapped handlers the way Lambda does.
 *
 * <p>The data directory ({@code .local/} by default) holds DynamoDB's data under {@code dynamodb/}, each
 * sandbox's state ({@code twilio-sandbox.json}, {@code livekit-sandbox.json}) and the generated termination
 * password; {@code --in-memory} keeps everything in memory.
 *
 * <pre>
 *   start  [--port 8000] [--bind 127.0.0.1] [--in-memory] [--data-dir .local] [--twilio-port N] [--livekit-port N]
 *   invoke FUNCTION -e events/FILE.json [--data-dir DIR]
 * </pre>
 */
public final class LocalRuntime implements AutoCloseable {
    static {
        // The JDK HTTP server delays small responses (Nagle) unless told otherwise; it reads this once.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public record Options(int port, String bind, boolean inMemory, Path dataDir, double timeScale,
                          int twilioPort, int livekitPort, Map<String, String> processEnv) {
        public Options(int port, String bind, boolean inMemory, Path dataDir) {
            this(port, bind, inMemory, dataDir, 1.0, 0, 0, System.getenv());
        }

        public Options withTimeScale(double scale) {
            return new Options(port, bind, inMemory, dataDir, scale, twilioPort, livekitPort, processEnv);
        }

        public Options withProcessEnv(Map<String, String> env) {
            return new Options(port, bind, inMemory, dataDir, timeScale, twilioPort, livekitPort, env);
        }

        /**
         * Reads {@code start}'s flags. The sandboxes follow the API port (port+1 Twilio, port+2 LiveKit) unless given
         * their own; port 0 picks free ports for all three (they are printed at start).
         */
        static Options parse(List<String> args, Path root, Map<String, String> env) {
            CommandLine cli = new CommandLine(args, Set.of("--in-memory"),
                    Set.of("--port", "--bind", "--data-dir", "--time-scale", "--twilio-port", "--livekit-port"));
            int port = cli.port("--port", env.getOrDefault("PORT", "8000"));
            int twilioPort = cli.port("--twilio-port", String.valueOf(port == 0 ? 0 : port + 1));
            int livekitPort = cli.port("--livekit-port", String.valueOf(port == 0 ? 0 : port + 2));
            return new Options(port, cli.value("--bind", "127.0.0.1"), cli.has("--in-memory"),
                    Path.of(cli.value("--data-dir", root.resolve(".local").toString())),
                    cli.number("--time-scale", "1.0"), twilioPort, livekitPort, env);
        }

        /** The ports this runtime will listen on, by what listens there; 0 (any free port) is left out. */
        Map<String, Integer> fixedPorts() {
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("HTTP API", port);
            ports.put("Twilio sandbox", twilioPort);
            ports.put("LiveKit sandbox", livekitPort);
            ports.values().removeIf(p -> p == 0);
            return ports;
        }
    }

    /** Environment variables of this process that reach the functions locally when set. */
    static final List<String> TUNABLES = List.of("RINGING_TIMEOUT_SECONDS", "CALLBACK_ALLOW_PRIVATE_HOSTS",
            "MAX_NUMBERS_PER_OWNER", "MAX_CONCURRENT_CALLS_PER_OWNER", "ALLOW_UNRECORDED_ACCOUNT_NUMBERS",
            // With the real SIP bridge: the addresses it sends inbound calls from, and the SIP stand-in for
            // Twilio's termination side that outbound calls go to (loopback, where Twilio would be).
            "TWILIO_SIGNALLING_ADDRESSES", "TERMINATION_SIP_ADDRESS",
            // A callback key rotation in progress (docs/callbacks.md): deliveries are then signed with both keys.
            "CALLBACK_SIGNING_PREVIOUS_KEY");

    private final SamTemplate template;
    private final LocalDynamoDb dynamo;
    private final LambdaInvokeServer lambda;
    private final LocalStepFunctions stepFunctions;
    private final SfnClient sfn;
    private final Map<String, String> stateMachines;
    private final FunctionHost host;
    private final ProviderStandIns providers;
    private final StreamPoller streams;
    /** The identity provider in JWT mode; null in header mode. */
    private final LocalIssuer issuer;
    private final LocalMetrics metrics;
    private HttpApiServer api;
    private final java.util.concurrent.ScheduledExecutorService schedules =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "schedules");
                t.setDaemon(true);
                return t;
            });

    private LocalRuntime(SamTemplate template, LocalDynamoDb dynamo, LambdaInvokeServer lambda,
                         LocalStepFunctions stepFunctions, SfnClient sfn, Map<String, String> stateMachines,
                         FunctionHost host, ProviderStandIns providers, StreamPoller streams, LocalIssuer issuer,
                         LocalMetrics metrics) {
        this.issuer = issuer;
        this.metrics = metrics;
        this.providers = providers;
        this.streams = streams;
        this.template = template;
        this.dynamo = dynamo;
        this.lambda = lambda;
        this.stepFunctions = stepFunctions;
        this.sfn = sfn;
        this.stateMachines = stateMachines;
        this.host = host;
    }

    /** Starts everything but the HTTP listener. */
    public static LocalRuntime create(SamTemplate template, Options options) {
        LocalDynamoDb dynamo =
                LocalDynamoDb.start(options.inMemory() ? null : options.dataDir().resolve("dynamodb"), 0);
        dynamo.createTables(template);
        Map<String, String> resolved = new LinkedHashMap<>();
        // A parameter without a default (the secrets' ARNs) is empty locally: the functions then read the
        // credentials the runtime puts in their environment instead of Secrets Manager.
        template.parameterDefaults().forEach((k, v) -> resolved.put(k, v == null ? "" : v instanceof List<?> l
                ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v)));
        template.tables().forEach(t -> resolved.put(t.logicalId(), t.logicalId()));
        template.functions().forEach(f -> {
            resolved.put(f.logicalId(), f.logicalId());
            resolved.put(f.logicalId() + ".Arn", FunctionHost.arn(f.logicalId()));
            resolved.put(f.logicalId() + ".Alias", FunctionHost.arn(f.logicalId()) + ":live");
        });
        // Secrets Manager is not emulated: empty ARNs make the functions read credentials from the environment.
        resolved.put("TerminationSecret", "");
        resolved.put("CallbackSigningSecret", "");
        resolved.put("AWS::Partition", "aws");
        resolved.put("AWS::Region", FunctionHost.REGION);
        resolved.put("AWS::AccountId", FunctionHost.ACCOUNT);
        resolved.put("AWS::StackName", "local");
        resolved.put("AWS::URLSuffix", "amazonaws.com");
        // Task states reach the functions through the Lambda Invoke API, as in AWS; the host is created last,
        // once the state machines' ARNs are known, so the registrations look it up when invoked.
        FunctionHost[] hostRef = new FunctionHost[1];
        LambdaInvokeServer lambda = LambdaInvokeServer.start();
        template.functions().forEach(f -> lambda.register(f.logicalId(),
                payload -> hostRef[0].invoke(f.logicalId(), payload)));
        LocalStepFunctions sfnEngine = LocalStepFunctions.start(LocalStepFunctions.findStepFunctionsDir(),
                lambda.endpoint().toString(), options.timeScale());
        SfnClient sfn = StateMachines.client(sfnEngine.endpoint());
        Map<String, String> machines = StateMachines.create(template, sfn, resolved);
        machines.forEach((id, arn) -> {
            resolved.put(id, arn);
            resolved.put(id + ".Name", id);
            resolved.put(id + ".Arn", arn);
        });
        ProviderStandIns providers = ProviderStandIns.start(options.processEnv(), options.twilioPort(),
                options.livekitPort(), options.inMemory() ? null : options.dataDir());
        Map<String, String> runtimeEnv = new LinkedHashMap<>(providers.env());
        runtimeEnv.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint());
        runtimeEnv.put("AWS_ENDPOINT_URL_SFN", sfnEngine.endpoint().toString());
        // Functions invoke functions (the asynchronous dial step) through the same Lambda Invoke API.
        runtimeEnv.put("AWS_ENDPOINT_URL_LAMBDA", lambda.endpoint().toString());
        // Call status callbacks may go to a receiver on this machine (the deployed default refuses private hosts).
        runtimeEnv.put("CALLBACK_ALLOW_PRIVATE_HOSTS", "true");
        // A single developer's stack: any number of the sandbox account may be assigned, as the product docs'
        // examples do (deployed, the default is false: only numbers an owner held or an operator granted).
        runtimeEnv.put("ALLOW_UNRECORDED_ACCOUNT_NUMBERS", "true");
        runtimeEnv.put("OPERATOR_KEY", options.processEnv().getOrDefault("OPERATOR_KEY", "local-operator-key"));
        // Signs call status callbacks (deployed: the generated CallbackSigningSecret).
        runtimeEnv.put("CALLBACK_SIGNING_KEY", options.processEnv().getOrDefault("CALLBACK_SIGNING_KEY",
                "local-callback-signing-key"));
        // Tunables a developer (or a test) may set for the local stack, overriding the template's defaults.
        for (String tunable : TUNABLES) {
            String v = options.processEnv().get(tunable);
            if (v != null && !v.isBlank()) {
                runtimeEnv.put(tunable, v);
            }
        }
        // Header mode locally, so that the product docs' curl examples (x-user-id) work as written; deployed, the
        // template's default is jwt. AUTH_MODE=jwt starts the functions in jwt mode (a request needs claims), with
        // a local identity provider as the template's JwtIssuer.
        String authMode = options.processEnv().getOrDefault("AUTH_MODE", "header");
        runtimeEnv.put("AUTH_MODE", authMode);
        LocalIssuer issuer = null;
        if ("jwt".equals(authMode)) {
            Object audiences = template.parameterDefaults().getOrDefault("JwtAudience", "arkenos-dashboard");
            issuer = LocalIssuer.start(audiences instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0))
                    : String.valueOf(audiences).split(",")[0]);
            resolved.put("JwtIssuer", issuer.issuer());
        }
        runtimeEnv.put("AWS_ACCESS_KEY_ID", "local");
        runtimeEnv.put("AWS_SECRET_ACCESS_KEY", "local");
        hostRef[0] = new FunctionHost(template, resolved, runtimeEnv);
        // What CloudWatch would hold: the functions' metric documents, Lambda's invocations and errors, the alarms.
        LocalMetrics metrics = new LocalMetrics(template, resolved);
        hostRef[0].onInvocation(metrics::invoked);
        // DynamoDB stream event sources (the calls table feeding the status callbacks), read from now on.
        StreamPoller streams = new StreamPoller(template, dynamo.client(), dynamo.endpoint(), hostRef[0]);
        return new LocalRuntime(template, dynamo, lambda, sfnEngine, sfn, machines, hostRef[0], providers, streams,
                issuer, metrics);
    }

    public ProviderStandIns providers() {
        return providers;
    }

    public SfnClient sfn() {
        return sfn;
    }

    public Map<String, String> stateMachines() {
        return stateMachines;
    }

    public LambdaInvokeServer lambda() {
        return lambda;
    }

    /**
     * Waits until every DynamoDB stream record written before this call has reached its function (or was dropped by
     * its filter, or skipped after its retries); false on timeout.
     */
    public boolean awaitStreams(java.time.Duration timeout) throws InterruptedException {
        return streams.awaitIdle(timeout);
    }

    /**
     * Waits until no execution of the template's state machines is running (what an accepted buy, release or
     * retry set going has ended); false on timeout.
     */
    public boolean awaitExecutions(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String machine : stateMachines.values()) {
            while (!sfn.listExecutions(b -> b.stateMachineArn(machine)
                    .statusFilter(software.amazon.awssdk.services.sfn.model.ExecutionStatus.RUNNING))
                    .executions().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(20);
            }
        }
        return true;
    }

    /** Invokes a scheduled function as EventBridge Scheduler would, every {@code period}, until the runtime closes. */
    public void runEvery(String functionId, java.time.Duration period) {
        byte[] event = ("{\"source\":\"aws.scheduler\",\"detail-type\":\"Scheduled Event\",\"detail\":\"{}\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        schedules.scheduleWithFixedDelay(() -> {
            try {
                host.invoke(functionId, event);
            } catch (Exception e) {
                System.err.println("scheduled " + functionId + " failed: " + e);
            }
        }, period.toMillis(), period.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public HttpApiServer serve(String bind, int port) throws java.io.IOException {
        List<String> cors =
                List.of(String.valueOf(template.parameterDefaults().getOrDefault("CorsAllowedOrigins", "*")));
        api = new HttpApiServer(host, template.routes(), cors, bind, port);
        if (issuer != null) {
            // JWT mode: the HTTP API's authorizer, with a local issuer in place of the operator's identity provider.
            api.withAuthorizer(issuer, template.routesWithoutAuthorizer());
        }
        java.nio.file.Path openApi = template.directory().resolve(OpenApiDocument.RELATIVE_PATH);
        if (java.nio.file.Files.exists(openApi)) {
            api.withOpenApi(new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsBytes(OpenApiDocument.load(openApi).json()));
        }
        api.addContext(LocalMetrics.PATH, this::serveMetrics);
        api.start();
        if (providers.liveKitSandbox() != null) {
            providers.liveKitSandbox().setWebhookUrl("http://127.0.0.1:" + api.port() + "/api/livekit/webhook");
        }
        return api;
    }

    /** {@code GET /local/metrics}: the report as JSON, or as the console's text with {@code ?format=text}. */
    private void serveMetrics(com.sun.net.httpserver.HttpExchange ex) throws java.io.IOException {
        try (ex) {
            var report = metrics.report(java.time.Instant.now());
            boolean text = "format=text".equals(ex.getRequestURI().getRawQuery());
            byte[] body = (text ? LocalMetrics.text(report) : report.toPrettyString())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("content-type", text ? "text/plain; charset=utf-8" : "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }

    /** What CloudWatch would hold for this stack (the metrics and alarm states it would show). */
    public LocalMetrics metrics() {
        return metrics;
    }

    public FunctionHost host() {
        return host;
    }

    public LocalDynamoDb dynamo() {
        return dynamo;
    }

    public SamTemplate template() {
        return template;
    }

    @Override
    public void close() {
        if (api != null) {
            api.close();
        }
        schedules.shutdownNow();
        metrics.close();
        streams.close();
        if (issuer != null) {
            issuer.close();
        }
        sfn.close();
        stepFunctions.close();
        providers.close();
        lambda.close();
        dynamo.close();
    }

    static final String USAGE = "usage: start [--port N] [--bind ADDR] [--in-memory] [--data-dir DIR]"
            + " [--twilio-port N] [--livekit-port N]\n       invoke FUNCTION -e events/FILE.json [--data-dir DIR]"
            + "\n       priming-tapes\n       metrics [--port N]";

    /** Always ends the JVM: 2 for a usage error, 1 for a failure (an exception, a port in use), 0 otherwise. */
    public static void main(String[] argv) {
        System.exit(run(new ArrayList<>(List.of(argv))));
    }

    static int run(List<String> args) {
        String command = args.isEmpty() ? "start" : args.remove(0);
        try {
            SamTemplate template = SamTemplate.find();
            switch (command) {
                case "start" -> {
                    start(template, Options.parse(args, template.directory(), System.getenv()));
                    return 0;
                }
                case "invoke" -> {
                    return Invoke.run(template, args);
                }
                case "metrics" -> {
                    int port = new CommandLine(args, java.util.Set.of(), java.util.Set.of("--port"))
                            .port("--port", "8000");
                    return printMetrics(port);
                }
                case "priming-tapes" -> {
                    new CommandLine(args, java.util.Set.of(), java.util.Set.of());
                    return PrimingTapes.run(template);
                }
                default -> throw new CommandLine.UsageError("unknown command " + command);
            }
        } catch (CommandLine.UsageError e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        } catch (Exception | Error e) {
            // One clear line; the stack trace only when it is not a port in use (which says everything).
            PortInUse busy = PortInUse.find(e);
            if (busy == null) {
                e.printStackTrace();
            }
            System.err.println("error: " + (busy != null ? busy.getMessage() : e));
            return 1;
        }
    }

    /** {@code ./stack metrics}: the running stack's report, as text; 1 when no stack answers on {@code port}. */
    private static int printMetrics(int port) throws InterruptedException {
        var request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + LocalMetrics.PATH + "?format=text")).build();
        try {
            var answer = java.net.http.HttpClient.newHttpClient().send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            System.out.print(answer.body());
            return answer.statusCode() == 200 ? 0 : 1;
        } catch (java.io.IOException e) {
            System.err.println("error: no local stack answers on port " + port + " (start it with ./stack start)");
            return 1;
        }
    }

    private static void start(SamTemplate template, Options options) throws Exception {
        // Before anything starts, so that a busy port costs no DynamoDB, engine or sandbox start-up.
        PortInUse.check(options.bind(), options.fixedPorts());
        LocalRuntime runtime = create(template, options);
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
        HttpApiServer api = runtime.serve(options.bind(), options.port());
        System.out.println();
        System.out.println("DynamoDB Local  " + runtime.dynamo.endpoint() + "  ("
                + (options.inMemory() ? "in memory" : "data in " + options.dataDir().resolve("dynamodb")) + ")");
        System.out.println("Step Functions  " + runtime.stepFunctions.endpoint() + "  (state machines: "
                + String.join(", ", runtime.stateMachines.keySet()) + ")");
        System.out.println("Lambda Invoke   " + runtime.lambda.endpoint());
        for (SamTemplate.StreamSource s : runtime.streams.sources()) {
            System.out.println("Stream          " + s.table() + " -> " + s.functionId() + "  (" + s.eventName() + ")");
        }
        int every = Integer.parseInt(options.processEnv().getOrDefault("LOCAL_SCHEDULE_SECONDS", "60"));
        if (every > 0) {
            // The template's schedules (the sweeper), run more often than deployed so a stuck number is seen soon.
            for (String fn : template.scheduledFunctions()) {
                runtime.runEvery(fn, java.time.Duration.ofSeconds(every));
                System.out.println("Schedule        " + fn + " every " + every + " s  (LOCAL_SCHEDULE_SECONDS)");
            }
        }
        System.out.println(runtime.providers.describe());
        System.out.println("Routes (from " + template.file().getFileName() + "):");
        for (SamTemplate.Route r : template.routes()) {
            System.out.printf("  %-7s %-45s -> %s%n", r.method(), r.path(), r.functionId());
        }
        System.out.println("READY: API on http://localhost:" + api.port() + "  (Ctrl-C to stop)");
        Thread.currentThread().join();
    }
}
