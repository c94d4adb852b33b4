package com.arkenos.devkit.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The parts of template.yaml the local runtime and the tests need: functions with their handler, environment and
 * HTTP routes; tables with keys, indexes and TTL; state machines with their definition and substitutions.
 * Routes and tables are read here only, never written a second time in code.
 */
public final class SamTemplate {
    public record Route(String method, String path, String functionId) {
        /** API Gateway's catch-all route: an HttpApi event without Path and Method. */
        public static final String DEFAULT = "$default";

        public String routeKey() {
            return isDefault() ? DEFAULT : method + " " + path;
        }

        public boolean isDefault() {
            return DEFAULT.equals(path);
        }
    }

    public record FunctionDef(String logicalId, String handlerClass, String handlerMethod, String codeUri,
                              Map<String, Object> environment, List<Route> routes, int timeoutSeconds,
                              int memoryMb) {}

    public record KeyAttr(String name, String type) {}

    public record Index(String name, KeyAttr hash, KeyAttr range, String projection) {}

    public record TableDef(String logicalId, KeyAttr hash, KeyAttr range, List<Index> globalIndexes,
            String ttlAttribute) {}

    public record StateMachineDef(String logicalId, String definitionUri, Map<String, Object> substitutions) {}

    /** A CloudWatch alarm on one metric, its values as written (intrinsics unresolved). */
    public record AlarmDef(String logicalId, Object alarmName, String namespace, String metricName,
                           Map<String, Object> dimensions, String statistic, int periodSeconds, int evaluationPeriods,
                           Object threshold, String comparison, String treatMissingData) {}

    /**
     * A function's {@code Type: DynamoDB} event: the table whose stream feeds it and how Lambda's event source mapping
     * reads it. {@code filterPatterns} are the FilterCriteria patterns (JSON text); none means every record.
     */
    public record StreamSource(String functionId, String eventName, String table, String startingPosition,
                               int batchSize, int maximumRetryAttempts, boolean bisectBatchOnFunctionError,
                               List<String> filterPatterns) {}

    private final Path file;
    private final Map<String, Object> root;

    private SamTemplate(Path file, Map<String, Object> root) {
        this.file = file;
        this.root = root;
    }

    public static SamTemplate load(Path file) {
        try {
            return new SamTemplate(file.toAbsolutePath(), CfnYaml.load(Files.readString(file)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** template.yaml of the project that contains the working directory (found by walking up). */
    public static SamTemplate find() {
        return load(projectRoot().resolve("template.yaml"));
    }

    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("template.yaml")) && Files.isDirectory(p.resolve("functions"))) {
                return p;
            }
        }
        throw new IllegalStateException("no template.yaml above " + dir);
    }

    public Path file() {
        return file;
    }

    public Path directory() {
        return file.getParent();
    }

    public Map<String, Object> raw() {
        return root;
    }

    public Map<String, Object> parameterDefaults() {
        Map<String, Object> out = new LinkedHashMap<>();
        map(root.get("Parameters")).forEach((k, v) -> out.put(k, map(v).get("Default")));
        return out;
    }

    public List<FunctionDef> functions() {
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        Map<String, Object> globalEnv = map(map(globals.get("Environment")).get("Variables"));
        int globalTimeout = ((Number) globals.getOrDefault("Timeout", 3)).intValue();
        int globalMemory = ((Number) globals.getOrDefault("MemorySize", 128)).intValue();
        List<FunctionDef> out = new ArrayList<>();
        resources("AWS::Serverless::Function").forEach((id, props) -> {
            String handler = (String) props.get("Handler");
            String[] parts = handler.split("::", 2);
            Map<String, Object> env = new LinkedHashMap<>(globalEnv);
            env.putAll(map(map(props.get("Environment")).get("Variables")));
            List<Route> routes = new ArrayList<>();
            map(props.get("Events")).forEach((name, ev) -> {
                Map<String, Object> e = map(ev);
                if ("HttpApi".equals(e.get("Type"))) {
                    Map<String, Object> p = map(e.get("Properties"));
                    routes.add(p.get("Path") == null
                            ? new Route("ANY", Route.DEFAULT, id)
                            : new Route(String.valueOf(p.get("Method")).toUpperCase(), (String) p.get("Path"), id));
                }
            });
            int timeout = props.containsKey("Timeout") ? ((Number) props.get("Timeout")).intValue() : globalTimeout;
            int memory = props.containsKey("MemorySize") ? ((Number) props.get("MemorySize")).intValue() : globalMemory;
            out.add(new FunctionDef(id, parts[0], parts.length > 1 ? parts[1] : "handleRequest",
                    (String) props.get("CodeUri"), env, List.copyOf(routes), timeout, memory));
        });
        return out;
    }

    public FunctionDef function(String logicalId) {
        return functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no function " + logicalId + " in " + file));
    }

    /**
     * The route keys the HTTP API's JWT authorizer does not guard: the paths of the API's OpenAPI body whose
     * operations all say {@code security: []} ({@code x-amazon-apigateway-any-method} stands for {@code ANY}).
     */
    @SuppressWarnings("unchecked")
    public java.util.Set<String> routesWithoutAuthorizer() {
        java.util.Set<String> open = new java.util.TreeSet<>();
        Map<String, Object> resources = (Map<String, Object>) root.getOrDefault("Resources", Map.of());
        for (Object r : resources.values()) {
            Map<String, Object> res = (Map<String, Object>) r;
            if (!"AWS::Serverless::HttpApi".equals(res.get("Type"))) {
                continue;
            }
            Map<String, Object> props = (Map<String, Object>) res.getOrDefault("Properties", Map.of());
            Map<String, Object> body = (Map<String, Object>) props.getOrDefault("DefinitionBody", Map.of());
            Map<String, Object> paths = (Map<String, Object>) body.getOrDefault("paths", Map.of());
            paths.forEach((path, ops) -> ((Map<String, Object>) ops).forEach((method, op) -> {
                Object security = ((Map<String, Object>) op).get("security");
                if (security instanceof List<?> l && l.isEmpty()) {
                    String m = method.equals("x-amazon-apigateway-any-method") ? "ANY" : method.toUpperCase();
                    open.add(path.equals(Route.DEFAULT) ? Route.DEFAULT : m + " " + path);
                }
            }));
        }
        return open;
    }

    public List<Route> routes() {
        return functions().stream().flatMap(f -> f.routes().stream()).toList();
    }

    public List<TableDef> tables() {
        List<TableDef> out = new ArrayList<>();
        resources("AWS::DynamoDB::Table").forEach((id, props) -> {
            Map<String, String> types = new LinkedHashMap<>();
            list(props.get("AttributeDefinitions")).forEach(a ->
                    types.put((String) map(a).get("AttributeName"), (String) map(a).get("AttributeType")));
            Function<Object, KeyAttr[]> keys = schema -> {
                KeyAttr[] hr = new KeyAttr[2];
                list(schema).forEach(k -> {
                    String n = (String) map(k).get("AttributeName");
                    hr["HASH".equals(map(k).get("KeyType")) ? 0 : 1] = new KeyAttr(n, types.get(n));
                });
                return hr;
            };
            KeyAttr[] primary = keys.apply(props.get("KeySchema"));
            List<Index> gsis = new ArrayList<>();
            list(props.get("GlobalSecondaryIndexes")).forEach(g -> {
                KeyAttr[] k = keys.apply(map(g).get("KeySchema"));
                gsis.add(new Index((String) map(g).get("IndexName"), k[0], k[1],
                        (String) map(map(g).get("Projection")).getOrDefault("ProjectionType", "ALL")));
            });
            Map<String, Object> ttl = map(props.get("TimeToLiveSpecification"));
            out.add(new TableDef(id, primary[0], primary[1], List.copyOf(gsis),
                    Boolean.TRUE.equals(ttl.get("Enabled")) ? (String) ttl.get("AttributeName") : null));
        });
        return out;
    }

    /** The DynamoDB stream event sources of every function. */
    public List<StreamSource> streamSources() {
        List<StreamSource> out = new ArrayList<>();
        resources("AWS::Serverless::Function").forEach((id, props) -> map(props.get("Events")).forEach((name, ev) -> {
            Map<String, Object> e = map(ev);
            if (!"DynamoDB".equals(e.get("Type"))) {
                return;
            }
            Map<String, Object> p = map(e.get("Properties"));
            List<Object> getAtt = list(map(p.get("Stream")).get("Fn::GetAtt"));
            if (getAtt.size() != 2 || !"StreamArn".equals(getAtt.get(1))) {
                throw new IllegalStateException(id + "." + name + ": Stream must be !GetAtt <Table>.StreamArn");
            }
            List<String> patterns = new ArrayList<>();
            list(map(p.get("FilterCriteria")).get("Filters"))
                    .forEach(f -> patterns.add((String) map(f).get("Pattern")));
            out.add(new StreamSource(id, name, (String) getAtt.get(0),
                    (String) p.getOrDefault("StartingPosition", "LATEST"),
                    ((Number) p.getOrDefault("BatchSize", 100)).intValue(),
                    ((Number) p.getOrDefault("MaximumRetryAttempts", -1)).intValue(),
                    Boolean.TRUE.equals(p.get("BisectBatchOnFunctionError")), List.copyOf(patterns)));
        }));
        return out;
    }

    /** The functions an EventBridge schedule invokes (events of type {@code Schedule} or {@code ScheduleV2}). */
    public List<String> scheduledFunctions() {
        List<String> out = new ArrayList<>();
        resources("AWS::Serverless::Function").forEach((id, props) -> map(props.get("Events")).values().forEach(ev -> {
            Object type = map(ev).get("Type");
            if (("Schedule".equals(type) || "ScheduleV2".equals(type)) && !out.contains(id)) {
                out.add(id);
            }
        }));
        return out;
    }

    /** The table's {@code StreamSpecification.StreamViewType}, or null when it has no stream. */
    public String streamViewType(String tableLogicalId) {
        Object type = map(map(resources("AWS::DynamoDB::Table").get(tableLogicalId)).get("StreamSpecification"))
                .get("StreamViewType");
        return type == null ? null : String.valueOf(type);
    }

    public List<StateMachineDef> stateMachines() {
        List<StateMachineDef> out = new ArrayList<>();
        resources("AWS::Serverless::StateMachine").forEach((id, props) -> out.add(new StateMachineDef(id,
                (String) props.get("DefinitionUri"), map(props.get("DefinitionSubstitutions")))));
        return out;
    }

    /** The template's single-metric alarms (an alarm on metric math, if any were added, is not listed). */
    public List<AlarmDef> alarms() {
        List<AlarmDef> out = new ArrayList<>();
        resources("AWS::CloudWatch::Alarm").forEach((id, p) -> {
            if (p.get("MetricName") == null) {
                return;
            }
            Map<String, Object> dims = new LinkedHashMap<>();
            list(p.get("Dimensions")).forEach(d -> dims.put(String.valueOf(map(d).get("Name")), map(d).get("Value")));
            out.add(new AlarmDef(id, p.get("AlarmName"), String.valueOf(p.get("Namespace")),
                    String.valueOf(p.get("MetricName")), dims, String.valueOf(p.getOrDefault("Statistic", "Sum")),
                    ((Number) p.getOrDefault("Period", 300)).intValue(),
                    ((Number) p.getOrDefault("EvaluationPeriods", 1)).intValue(), p.get("Threshold"),
                    String.valueOf(p.get("ComparisonOperator")),
                    String.valueOf(p.getOrDefault("TreatMissingData", "missing"))));
        });
        return out;
    }

    private Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        map(root.get("Resources")).forEach((id, r) -> {
            if (type.equals(map(r).get("Type"))) {
                out.put(id, map(map(r).get("Properties")));
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    @Override
    public String toString() {
        return "SamTemplate[" + Objects.toString(file) + "]";
    }
}
