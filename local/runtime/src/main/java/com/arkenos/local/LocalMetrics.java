package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.telephony.core.log.Log;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;

/**
 * What CloudWatch would hold for the local stack: the functions' embedded-metric documents (read from their log
 * lines, as CloudWatch Logs extracts them), Lambda's own Invocations and Errors per function, and the template's
 * alarms evaluated on them. Served at {@code GET /local/metrics} and printed by {@code ./stack metrics}.
 *
 * <p>An alarm on a metric the local stack does not produce (Step Functions, SQS, stream iterator age) is shown as
 * {@code NOT_MEASURED_LOCALLY} rather than guessed.
 */
final class LocalMetrics implements AutoCloseable {
    static final String PATH = "/local/metrics";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_POINTS = 200_000;
    private static final String LAMBDA = "AWS/Lambda";

    /** One value of one metric under one dimension set. */
    record Point(Instant at, String namespace, String metric, Map<String, String> dimensions, String unit,
                 double value) {}

    /** An alarm with its intrinsics resolved as the local stack resolves them. */
    record Alarm(String name, String namespace, String metric, Map<String, String> dimensions, String statistic,
                 Duration window, double threshold, String comparison, boolean missingIsOk) {}

    private final ConcurrentLinkedDeque<Point> points = new ConcurrentLinkedDeque<>();
    /** The deque's size, kept apart: its own size() walks every element, on every metric a function writes. */
    private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
    private final List<Alarm> alarms = new ArrayList<>();
    private final Consumer<String> sink = this::accept;

    LocalMetrics(SamTemplate template, Map<String, String> resolved) {
        for (SamTemplate.AlarmDef a : template.alarms()) {
            Map<String, String> dims = new TreeMap<>();
            // Only what the local stack measures is resolved (a queue's name, say, has no local value).
            if (measured(a.namespace())) {
                a.dimensions().forEach((k, v) -> dims.put(k, Intrinsics.resolve(v, resolved)));
            }
            alarms.add(new Alarm(Intrinsics.resolve(a.alarmName() == null ? a.logicalId() : a.alarmName(), resolved),
                    a.namespace(), a.metricName(), dims, a.statistic(),
                    Duration.ofSeconds((long) a.periodSeconds() * a.evaluationPeriods()),
                    Double.parseDouble(Intrinsics.resolve(a.threshold(), resolved)), a.comparison(),
                    "notBreaching".equals(a.treatMissingData())));
        }
        Log.addSink(sink);
    }

    /** A log line; an embedded metric format document becomes one point per metric and dimension set. */
    void accept(String line) {
        if (!line.contains("\"_aws\"")) {
            return;
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(line);
        } catch (Exception e) {
            return;
        }
        JsonNode aws = doc.path("_aws");
        Instant at = Instant.ofEpochMilli(aws.path("Timestamp").asLong(System.currentTimeMillis()));
        for (JsonNode directive : aws.path("CloudWatchMetrics")) {
            String namespace = directive.path("Namespace").asText();
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText();
                if (!doc.path(name).isNumber()) {
                    continue;
                }
                for (JsonNode set : directive.path("Dimensions")) {
                    Map<String, String> dims = new TreeMap<>();
                    set.forEach(d -> dims.put(d.asText(), doc.path(d.asText()).asText()));
                    add(new Point(at, namespace, name, dims, metric.path("Unit").asText("None"),
                            doc.path(name).asDouble()));
                }
            }
        }
    }

    /** Lambda's own metrics for one invocation: Invocations, and Errors when the handler threw. */
    void invoked(FunctionHost.Invocation invocation) {
        Instant now = Instant.now();
        Map<String, String> dims = Map.of("FunctionName", invocation.functionId());
        add(new Point(now, LAMBDA, "Invocations", dims, "Count", 1));
        add(new Point(now, LAMBDA, "Errors", dims, "Count", invocation.error() ? 1 : 0));
    }

    private void add(Point p) {
        points.addLast(p);
        if (held.incrementAndGet() > MAX_POINTS && points.pollFirst() != null) {
            held.decrementAndGet();
        }
    }

    List<Point> points() {
        return List.copyOf(points);
    }

    /** Every metric seen since the stack started (sample count, sum, minimum, maximum) and each alarm's state now. */
    ObjectNode report(Instant now) {
        ObjectNode out = JSON.createObjectNode();
        Map<String, List<Point>> series = new TreeMap<>();
        for (Point p : points) {
            if (!p.namespace().equals(LAMBDA)) {
                series.computeIfAbsent(p.namespace() + " " + p.metric() + " " + p.dimensions(), k -> new ArrayList<>())
                        .add(p);
            }
        }
        ArrayNode metrics = out.putArray("metrics");
        series.values().forEach(ps -> {
            Point first = ps.get(0);
            ObjectNode m = metrics.addObject();
            m.put("namespace", first.namespace());
            m.put("metric", first.metric());
            first.dimensions().forEach(m.putObject("dimensions")::put);
            m.put("unit", first.unit());
            m.put("samples", ps.size());
            m.put("sum", ps.stream().mapToDouble(Point::value).sum());
            m.put("min", ps.stream().mapToDouble(Point::value).min().orElse(0));
            m.put("max", ps.stream().mapToDouble(Point::value).max().orElse(0));
        });
        ArrayNode states = out.putArray("alarms");
        alarms.stream().sorted(Comparator.comparing(Alarm::name)).forEach(a -> {
            ObjectNode s = states.addObject();
            s.put("alarm", a.name());
            s.put("metric", a.namespace() + " " + a.metric());
            a.dimensions().forEach(s.putObject("dimensions")::put);
            s.put("threshold", a.threshold());
            evaluate(a, now, s);
        });
        return out;
    }

    /** The alarm's state over its evaluation window (period x evaluation periods) ending now. */
    private void evaluate(Alarm a, Instant now, ObjectNode into) {
        if (!measured(a.namespace())) {
            into.put("state", "NOT_MEASURED_LOCALLY");
            return;
        }
        Instant from = now.minus(a.window());
        List<Double> values = points.stream().filter(p -> p.namespace().equals(a.namespace())
                        && p.metric().equals(a.metric()) && p.dimensions().equals(a.dimensions())
                        && !p.at().isBefore(from) && !p.at().isAfter(now))
                .map(Point::value).toList();
        if (values.isEmpty()) {
            into.put("state", a.missingIsOk() ? "OK" : "INSUFFICIENT_DATA");
            return;
        }
        double v = switch (a.statistic()) {
            case "Maximum" -> values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            case "Minimum" -> values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            case "Average" -> values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            case "SampleCount" -> values.size();
            default -> values.stream().mapToDouble(Double::doubleValue).sum();
        };
        into.put("value", v);
        boolean breaching = switch (a.comparison()) {
            case "GreaterThanOrEqualToThreshold" -> v >= a.threshold();
            case "GreaterThanThreshold" -> v > a.threshold();
            case "LessThanThreshold" -> v < a.threshold();
            case "LessThanOrEqualToThreshold" -> v <= a.threshold();
            default -> throw new IllegalStateException("alarm " + a.name() + ": comparison " + a.comparison());
        };
        into.put("state", breaching ? "ALARM" : "OK");
    }

    private static boolean measured(String namespace) {
        return namespace.equals(LAMBDA) || namespace.equals(com.arkenos.telephony.core.log.Metric.NAMESPACE);
    }

    /** The report as the console shows it: the metrics, then the alarms in ALARM, then the count of the others. */
    static String text(JsonNode report) {
        StringBuilder b =
                new StringBuilder("Metrics since the stack started (namespace, name, dimensions: samples, sum)\n");
        if (report.path("metrics").isEmpty()) {
            b.append("  none yet\n");
        }
        for (JsonNode m : report.path("metrics")) {
            b.append(String.format(Locale.ROOT, "  %-18s %-24s %-60s %6d  %s%n", m.path("namespace").asText(),
                    m.path("metric").asText(), dimensions(m.path("dimensions")), m.path("samples").asInt(),
                    number(m.path("sum").asDouble()) + " " + m.path("unit").asText()));
        }
        Map<String, Integer> byState = new LinkedHashMap<>();
        b.append("Alarms in ALARM\n");
        for (JsonNode a : report.path("alarms")) {
            String state = a.path("state").asText();
            byState.merge(state, 1, Integer::sum);
            if (state.equals("ALARM")) {
                b.append(String.format(Locale.ROOT, "  %-45s %s %s = %s (threshold %s)%n", a.path("alarm").asText(),
                        a.path("metric").asText(), dimensions(a.path("dimensions")),
                        number(a.path("value").asDouble()), number(a.path("threshold").asDouble())));
            }
        }
        if (!byState.containsKey("ALARM")) {
            b.append("  none\n");
        }
        b.append("Alarm states: ").append(byState).append('\n');
        return b.toString();
    }

    private static String dimensions(JsonNode dims) {
        List<String> parts = new ArrayList<>();
        dims.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
        return String.join(",", parts);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    @Override
    public void close() {
        Log.removeSink(sink);
    }
}
