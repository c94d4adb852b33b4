package com.arkenos.telephony.core.log;

import com.arkenos.telephony.core.http.JsonTrees;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CloudWatch metric value, written at once as an embedded metric format (EMF) document on its own line of
 * standard output; CloudWatch Logs turns the function's log lines into metrics, so publishing costs no request, no
 * permission and no library (Powertools' metrics module would load its own JSON stack on the cold start).
 * Written at once rather than flushed at the end of the invocation, so a timeout loses nothing already counted.
 *
 * <pre>{@code Metric.count("DialOutcome").dimension("Status", "BUSY").dimension("SipCode", 486).emit();}</pre>
 *
 * <p>Every value is published in the namespace {@value #NAMESPACE} under the dimension {@code Stack} (the stack's
 * name, {@code STACK_NAME}; {@code local} on the local stack), and rolled up by each leading run of its dimensions:
 * {@code [Stack]}, {@code [Stack, Status]}, {@code [Stack, Status, SipCode]}. So an alarm or a graph can take the
 * total, or any first dimension, without metric math. Properties ride along as log fields (ids to find the lines
 * behind a figure), never as dimensions: their values are unbounded.
 */
public final class Metric {
    public static final String NAMESPACE = "Arkenos/Telephony";
    public static final String STACK_DIMENSION = "Stack";
    private static final String STACK = stackName(System.getenv("STACK_NAME"));
    private static final String FUNCTION = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    // EMF's limits: at most 30 dimensions in a set; a dimension value 1 to 1,024 characters.
    private static final int MAX_DIMENSIONS = 29;
    private static final int MAX_VALUE = 1024;

    /** CloudWatch's unit names, as EMF spells them. */
    public enum Unit {
        COUNT("Count"), MILLISECONDS("Milliseconds"), SECONDS("Seconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    private final String name;
    private final Unit unit;
    private final double value;
    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();

    private Metric(String name, Unit unit, double value) {
        this.name = name;
        this.unit = unit;
        this.value = value;
    }

    /** A count of one. */
    public static Metric count(String name) {
        return new Metric(name, Unit.COUNT, 1);
    }

    public static Metric of(String name, Unit unit, double value) {
        return new Metric(name, unit, value);
    }

    /** A dimension (a bounded set of values: a status, a step, a SIP code); null or blank is published as "none". */
    public Metric dimension(String dimension, Object value) {
        if (dimensions.size() >= MAX_DIMENSIONS) {
            throw new IllegalStateException(name + ": more than " + MAX_DIMENSIONS + " dimensions");
        }
        String v = value == null ? "" : String.valueOf(value).strip();
        dimensions.put(dimension, v.isEmpty() ? "none" : v.length() > MAX_VALUE ? v.substring(0, MAX_VALUE) : v);
        return this;
    }

    /** A field of the metric's log line that is not a dimension (an id to find the lines behind a figure). */
    public Metric property(String key, Object value) {
        properties.put(key, value);
        return this;
    }

    /** Writes the document now (standard output and the log sinks), whatever the log level. */
    public void emit() {
        Log.emit(JsonTrees.write(document(System.currentTimeMillis())));
    }

    ObjectNode document(long epochMillis) {
        ObjectNode line = JsonTrees.object();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", epochMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode sets = directive.putArray("Dimensions");
        List<String> set = new ArrayList<>();
        set.add(STACK_DIMENSION);
        sets.addArray().add(STACK_DIMENSION);
        for (String d : dimensions.keySet()) {
            set.add(d);
            ArrayNode rollup = sets.addArray();
            set.forEach(rollup::add);
        }
        directive.putArray("Metrics").addObject().put("Name", name).put("Unit", unit.cloudWatchName());
        line.put(STACK_DIMENSION, STACK);
        dimensions.forEach(line::put);
        line.put(name, value);
        line.put("metric", name);
        if (FUNCTION != null) {
            line.put("function", FUNCTION);
        }
        properties.forEach((k, v) -> Log.put(line, k, v));
        Log.putContext(line);
        return line;
    }

    static String stackName(String env) {
        return env == null || env.isBlank() ? "local" : env.strip();
    }
}
