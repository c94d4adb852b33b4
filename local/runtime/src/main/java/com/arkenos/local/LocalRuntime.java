package com.arkenos.local;

import com.arkenos.devkit.dynamo.LocalDynamoDb;
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
    public record Options(int port, String bind, boolean inMemory, Path dataDir) {
        static Options parse(List<String> args, Path root) {
            int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8000"));
            String bind = "127.0.0.1";
            boolean inMemory = false;
            Path dataDir = root.resolve(".local/dynamodb");
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--port" -> port = Integer.parseInt(args.get(++i));
                    case "--bind" -> bind = args.get(++i);
                    case "--in-memory" -> inMemory = true;
                    case "--data-dir" -> dataDir = Path.of(args.get(++i));
                    default -> { }
                }
            }
            return new Options(port, bind, inMemory, dataDir);
        }
    }

    private final SamTemplate template;
    private final LocalDynamoDb dynamo;
    private final FunctionHost host;
    private HttpApiServer api;

    private LocalRuntime(SamTemplate template, LocalDynamoDb dynamo, FunctionHost host) {
        this.template = template;
        this.dynamo = dynamo;
        this.host = host;
    }

    /** Starts everything but the HTTP listener. */
    public static LocalRuntime create(SamTemplate template, Options options) {
        LocalDynamoDb dynamo = LocalDynamoDb.start(options.inMemory() ? null : options.dataDir(), 0);
        dynamo.createTables(template);
        Map<String, String> resolved = new LinkedHashMap<>();
        template.parameterDefaults().forEach((k, v) -> resolved.put(k, v instanceof List<?> l
                ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v)));
        template.tables().forEach(t -> resolved.put(t.logicalId(), t.logicalId()));
        template.functions().forEach(f -> {
            resolved.put(f.logicalId(), f.logicalId());
            resolved.put(f.logicalId() + ".Arn", FunctionHost.arn(f.logicalId()));
        });
        resolved.put("AWS::Region", FunctionHost.REGION);
        resolved.put("AWS::AccountId", FunctionHost.ACCOUNT);
        resolved.put("AWS::StackName", "local");
        resolved.put("AWS::URLSuffix", "amazonaws.com");
        Map<String, String> runtimeEnv = new LinkedHashMap<>();
        runtimeEnv.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint());
        runtimeEnv.put("AWS_ACCESS_KEY_ID", "local");
        runtimeEnv.put("AWS_SECRET_ACCESS_KEY", "local");
        return new LocalRuntime(template, dynamo, new FunctionHost(template, resolved, runtimeEnv));
    }

    public HttpApiServer serve(String bind, int port) throws java.io.IOException {
        List<String> cors = List.of(String.valueOf(template.parameterDefaults().getOrDefault("CorsAllowedOrigins", "*")));
        api = new HttpApiServer(host, template.routes(), cors, bind, port);
        api.start();
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
        try (LocalRuntime runtime = create(template, new Options(0, "127.0.0.1", !persistent, options.dataDir()))) {
            byte[] out = runtime.host.invoke(function, event);
            System.out.println(new String(out, StandardCharsets.UTF_8));
        }
        return 0;
    }
}
