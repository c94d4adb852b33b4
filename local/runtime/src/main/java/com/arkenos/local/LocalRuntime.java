package com.arkenos.local;

import com.arkenos.devkit.dynamo.LocalDynamoDb;
import com.arkenos.devkit.sfn.LambdaInvokeServer;
import com.arkenos.devkit.sfn.LocalStepFunctions;
import software.amazon.awssdk.services.sfn.SfnClient;
import com.arkenos.devkit.openapi.OpenApiDocument;
import com.arkenos.devkit.template.SamTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "sam local" without Docker: reads template.yaml, starts DynamoDB Local in this JVM, and serves the HTTP API on
 * port 8000 by invoking the mapped handlers the way Lambda does.
 *
 * <pre>
 *   start  [--port 8000] [--bind 127.0.0.1] [--in-memory] [--data-dir .local/dynamodb]
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

        static Options parse(List<String> args, Path root) {
            int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8000"));
            String bind = "127.0.0.1";
            boolean inMemory = false;
            Path dataDir = root.resolve(".local/dynamodb");
            double timeScale = 1.0;
            int twilioPort = 8001;
            int livekitPort = 8002;
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--port" -> port = Integer.parseInt(args.get(++i));
                    case "--bind" -> bind = args.get(++i);
                    case "--in-memory" -> inMemory = true;
                    case "--data-dir" -> dataDir = Path.of(args.get(++i));
                    case "--time-scale" -> timeScale = Double.parseDouble(args.get(++i));
                    case "--twilio-port" -> twilioPort = Integer.parseInt(args.get(++i));
                    case "--livekit-port" -> livekitPort = Integer.parseInt(args.get(++i));
                    default -> { }
                }
            }
            return new Options(port, bind, inMemory, dataDir, timeScale, twilioPort, livekitPort, System.getenv());
        }
    }

    /** Environment variables of this process that reach the functions locally when set. */
    static final List<String> TUNABLES = List.of("RINGING_TIMEOUT_SECONDS", "CALLBACK_ALLOW_PRIVATE_HOSTS");

    private final SamTemplate template;
    private final LocalDynamoDb dynamo;
    private final LambdaInvokeServer lambda;
    private final LocalStepFunctions stepFunctions;
    private final SfnClient sfn;
    private final Map<String, String> stateMachines;
    private final FunctionHost host;
    private final ProviderStandIns providers;
    private final StreamPoller streams;
    private HttpApiServer api;

    private LocalRuntime(SamTemplate template, LocalDynamoDb dynamo, LambdaInvokeServer lambda,
                         LocalStepFunctions stepFunctions, SfnClient sfn, Map<String, String> stateMachines,
                         FunctionHost host, ProviderStandIns providers, StreamPoller streams) {
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
        LocalDynamoDb dynamo = LocalDynamoDb.start(options.inMemory() ? null : options.dataDir(), 0);
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
        resolved.put("AWS::Partition", "aws");
        resolved.put("AWS::Region", FunctionHost.REGION);
        resolved.put("AWS::AccountId", FunctionHost.ACCOUNT);
        resolved.put("AWS::StackName", "local");
        resolved.put("AWS::URLSuffix", "amazonaws.com");
        // Task states reach the functions through the Lambda Invoke API, as in AWS; the host is created last,
        // once the state machines' ARNs are known, so the registrations look it up when invoked.
        FunctionHost[] hostRef = new FunctionHost[1];
        LambdaInvokeServer lambda = LambdaInvokeServer.start();
        template.functions().forEach(f -> lambda.register(f.logicalId(), payload -> hostRef[0].invoke(f.logicalId(), payload)));
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
                options.livekitPort(), options.inMemory() ? null : options.dataDir().getParent());
        Map<String, String> runtimeEnv = new LinkedHashMap<>(providers.env());
        runtimeEnv.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint());
        runtimeEnv.put("AWS_ENDPOINT_URL_SFN", sfnEngine.endpoint().toString());
        // Functions invoke functions (the asynchronous dial step) through the same Lambda Invoke API.
        runtimeEnv.put("AWS_ENDPOINT_URL_LAMBDA", lambda.endpoint().toString());
        // Call status callbacks may go to a receiver on this machine (the deployed default refuses private hosts).
        runtimeEnv.put("CALLBACK_ALLOW_PRIVATE_HOSTS", "true");
        // Tunables a developer (or a test) may set for the local stack, overriding the template's defaults.
        for (String tunable : TUNABLES) {
            String v = options.processEnv().get(tunable);
            if (v != null && !v.isBlank()) {
                runtimeEnv.put(tunable, v);
            }
        }
        runtimeEnv.put("AWS_ACCESS_KEY_ID", "local");
        runtimeEnv.put("AWS_SECRET_ACCESS_KEY", "local");
        hostRef[0] = new FunctionHost(template, resolved, runtimeEnv);
        // DynamoDB stream event sources (the calls table feeding the status callbacks), read from now on.
        StreamPoller streams = new StreamPoller(template, dynamo.client(), dynamo.endpoint(), hostRef[0]);
        return new LocalRuntime(template, dynamo, lambda, sfnEngine, sfn, machines, hostRef[0], providers, streams);
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

    public HttpApiServer serve(String bind, int port) throws java.io.IOException {
        List<String> cors = List.of(String.valueOf(template.parameterDefaults().getOrDefault("CorsAllowedOrigins", "*")));
        api = new HttpApiServer(host, template.routes(), cors, bind, port);
        java.nio.file.Path openApi = template.directory().resolve(OpenApiDocument.RELATIVE_PATH);
        if (java.nio.file.Files.exists(openApi)) {
            api.withOpenApi(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(OpenApiDocument.load(openApi).json()));
        }
        api.start();
        if (providers.liveKitSandbox() != null) {
            providers.liveKitSandbox().setWebhookUrl("http://127.0.0.1:" + api.port() + "/api/livekit/webhook");
        }
        return api;
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
        streams.close();
        sfn.close();
        stepFunctions.close();
        providers.close();
        lambda.close();
        dynamo.close();
    }

    public static void main(String[] argv) throws Exception {
        List<String> args = new ArrayList<>(List.of(argv));
        String command = args.isEmpty() ? "start" : args.remove(0);
        SamTemplate template = SamTemplate.find();
        switch (command) {
            case "start" -> start(template, Options.parse(args, template.directory()));
            case "invoke" -> System.exit(invoke(template, args));
            default -> {
                System.err.println("usage: start [--port N] [--bind ADDR] [--in-memory] [--data-dir DIR]\n"
                        + "       invoke FUNCTION -e events/FILE.json");
                System.exit(2);
            }
        }
    }

    private static void start(SamTemplate template, Options options) throws Exception {
        LocalRuntime runtime = create(template, options);
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
        HttpApiServer api = runtime.serve(options.bind(), options.port());
        System.out.println();
        System.out.println("DynamoDB Local  " + runtime.dynamo.endpoint() + "  ("
                + (options.inMemory() ? "in memory" : "data in " + options.dataDir()) + ")");
        System.out.println("Step Functions  " + runtime.stepFunctions.endpoint() + "  (state machines: "
                + String.join(", ", runtime.stateMachines.keySet()) + ")");
        System.out.println("Lambda Invoke   " + runtime.lambda.endpoint());
        for (SamTemplate.StreamSource s : runtime.streams.sources()) {
            System.out.println("Stream          " + s.table() + " -> " + s.functionId() + "  (" + s.eventName() + ")");
        }
        System.out.println(runtime.providers.describe());
        System.out.println("Routes (from " + template.file().getFileName() + "):");
        for (SamTemplate.Route r : template.routes()) {
            System.out.printf("  %-7s %-45s -> %s%n", r.method(), r.path(), r.functionId());
        }
        System.out.println("READY: API on http://localhost:" + api.port() + "  (Ctrl-C to stop)");
        Thread.currentThread().join();
    }

    private static int invoke(SamTemplate template, List<String> args) throws Exception {
        if (args.isEmpty()) {
            System.err.println("usage: invoke FUNCTION -e events/FILE.json");
            return 2;
        }
        String function = args.remove(0);
        Path eventFile = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("-e") || args.get(i).equals("--event")) {
                eventFile = Path.of(args.get(++i));
            }
        }
        byte[] event = eventFile == null ? "{}".getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(eventFile);
        Options options = Options.parse(args, template.directory());
        boolean persistent = args.contains("--data-dir");
        try (LocalRuntime runtime = create(template, new Options(0, "127.0.0.1", !persistent, options.dataDir()).withTimeScale(options.timeScale()))) {
            byte[] out = runtime.host.invoke(function, event);
            System.out.println(new String(out, StandardCharsets.UTF_8));
        }
        return 0;
    }
}
