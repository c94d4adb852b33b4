package com.arkenos.devkit.template;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.arkenos.devkit.template.SamTemplate.list;
import static com.arkenos.devkit.template.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What operating the deployed stack relies on, read from template.yaml so that a function, table or state machine
 * added later without it fails here: each function logs to its own group with retention, every asynchronous path
 * has a failure destination, data is kept when the stack goes, and every function and state machine has its alarms.
 * Each test collects every problem before failing, so one run names them all.
 */
class TemplateOperabilityTest {
    private static SamTemplate template;
    private static Map<String, Object> resources;

    @BeforeAll
    static void load() {
        template = SamTemplate.find();
        resources = map(template.raw().get("Resources"));
    }

    @Test
    void everyFunction_logsToItsOwnGroupWithRetention_inJsonAtTheParametersLevel() {
        Map<String, Object> globalLogging =
                map(map(map(template.raw().get("Globals")).get("Function")).get("LoggingConfig"));
        List<String> problems = new ArrayList<>();
        Set<String> groupsUsed = new LinkedHashSet<>();
        forEach("AWS::Serverless::Function", (id, props) -> {
            Map<String, Object> logging = new LinkedHashMap<>(globalLogging);
            logging.putAll(map(props.get("LoggingConfig")));
            check(problems, "JSON".equals(logging.get("LogFormat")), id + ": LoggingConfig.LogFormat is not JSON");
            check(problems, isRef(logging.get("ApplicationLogLevel"), "LogLevel"),
                    id + ": LoggingConfig.ApplicationLogLevel is not !Ref LogLevel");
            String group = refName(logging.get("LogGroup"));
            if (group == null) {
                problems.add(id + ": LoggingConfig.LogGroup is not a !Ref to a log group of the stack");
                return;
            }
            check(problems, groupsUsed.add(group), id + ": shares log group " + group);
            Map<String, Object> groupProps = properties(group, "AWS::Logs::LogGroup");
            if (groupProps == null) {
                problems.add(id + ": " + group + " is not an AWS::Logs::LogGroup");
                return;
            }
            check(problems, isRef(groupProps.get("RetentionInDays"), "LogRetentionInDays"),
                    group + ": RetentionInDays is not !Ref LogRetentionInDays");
            Object functionName = sub(props.get("FunctionName"));
            check(problems, functionName != null,
                    id + ": FunctionName is not a !Sub (the log group is named after it)");
            check(problems,
                    functionName != null && ("/aws/lambda/" + functionName).equals(sub(groupProps.get("LogGroupName"))),
                    group + ": LogGroupName " + groupProps.get("LogGroupName") + " is not /aws/lambda/" + functionName);
        });
        Map<String, Object> retention = map(map(template.raw().get("Parameters")).get("LogRetentionInDays"));
        check(problems, Integer.valueOf(30).equals(retention.get("Default")), "LogRetentionInDays defaults to 30 days");
        assertNoProblems(problems);
        assertEquals(template.functions().size(), groupsUsed.size());
    }

    @Test
    void stateMachinesAndTheHttpApi_logToGroupsWithRetention_withoutExecutionData() {
        List<String> problems = new ArrayList<>();
        forEach("AWS::Serverless::StateMachine", (id, props) -> {
            Map<String, Object> logging = map(props.get("Logging"));
            check(problems, isRef(logging.get("Level"), "StateMachineLogLevel"),
                    id + ": Logging.Level is not !Ref StateMachineLogLevel");
            check(problems, Boolean.FALSE.equals(logging.get("IncludeExecutionData")),
                    id + ": IncludeExecutionData is not false");
            List<Object> destinations = list(logging.get("Destinations"));
            check(problems, destinations.size() == 1, id + ": one log destination");
            destinations.forEach(d -> checkGroupWithRetention(problems, id,
                    getAttArn(map(map(d).get("CloudWatchLogsLogGroup")).get("LogGroupArn"))));
        });
        Map<String, Object> access =
                map(map(map(template.raw().get("Globals")).get("HttpApi")).get("AccessLogSettings"));
        checkGroupWithRetention(problems, "Globals.HttpApi.AccessLogSettings", getAttArn(access.get("DestinationArn")));
        String format = String.valueOf(access.get("Format"));
        for (String field : List.of("requestId", "ip", "routeKey", "status", "latency", "integrationError")) {
            check(problems, format.contains("\"" + field + "\":"), "access log format lacks " + field);
        }
        check(problems, format.startsWith("{") && format.endsWith("}"), "access log format is one JSON object");
        Map<String, Object> parameters = map(template.raw().get("Parameters"));
        check(problems, "ERROR".equals(map(parameters.get("StateMachineLogLevel")).get("Default")),
                "StateMachineLogLevel defaults to ERROR");
        check(problems, "INFO".equals(map(parameters.get("LogLevel")).get("Default")), "LogLevel defaults to INFO");
        assertNoProblems(problems);
    }

    /**
     * Asynchronous paths: a function another function invokes (Lambda's asynchronous invocation, here the dial step)
     * has an EventInvokeConfig with retries and an on-failure destination; every stream event source has an
     * on-failure destination, every queue event source a dead-letter queue on its queue.
     */
    @Test
    void everyAsynchronousPath_hasAFailureDestination() {
        List<String> problems = new ArrayList<>();
        Set<String> invokedByFunctions = new LinkedHashSet<>();
        forEach("AWS::Serverless::Function", (id, props) -> list(props.get("Policies")).forEach(p -> {
            String target = refName(map(map(p).get("LambdaInvokePolicy")).get("FunctionName"));
            if (target != null) {
                invokedByFunctions.add(target);
            }
        }));
        assertTrue(invokedByFunctions.contains("DialCallFunction"), "the calls function invokes the dial step");
        for (String id : invokedByFunctions) {
            Map<String, Object> invoke = map(properties(id, "AWS::Serverless::Function").get("EventInvokeConfig"));
            check(problems, invoke.get("MaximumRetryAttempts") instanceof Number,
                    id + ": EventInvokeConfig.MaximumRetryAttempts");
            Map<String, Object> onFailure = map(map(invoke.get("DestinationConfig")).get("OnFailure"));
            checkQueueDestination(problems, id + " EventInvokeConfig", onFailure);
        }
        int eventSources = 0;
        for (Map.Entry<String, Map<String, Object>> f : of("AWS::Serverless::Function").entrySet()) {
            for (Map.Entry<String, Object> ev : map(f.getValue().get("Events")).entrySet()) {
                Map<String, Object> e = map(ev.getValue());
                String where = f.getKey() + "." + ev.getKey();
                Map<String, Object> p = map(e.get("Properties"));
                switch (String.valueOf(e.get("Type"))) {
                    case "DynamoDB", "Kinesis" -> {
                        eventSources++;
                        checkQueueDestination(problems, where, map(map(p.get("DestinationConfig")).get("OnFailure")));
                        check(problems, p.get("MaximumRetryAttempts") instanceof Number,
                                where + ": MaximumRetryAttempts (the default retries until the records expire)");
                    }
                    case "SQS" -> {
                        eventSources++;
                        String queue = getAttArn(p.get("Queue"));
                        Map<String, Object> q = queue == null ? null : properties(queue, "AWS::SQS::Queue");
                        check(problems, q != null && map(q.get("RedrivePolicy")).get("deadLetterTargetArn") != null,
                                where + ": its queue has no RedrivePolicy.deadLetterTargetArn");
                    }
                    default -> { }
                }
            }
        }
        assertTrue(eventSources >= 1, "the calls stream feeds the callback function");
        assertNoProblems(problems);
    }

    @Test
    void everyTable_andTheGeneratedSecrets_areRetainedOnDeleteAndReplace() {
        List<String> problems = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        resources.forEach((id, r) -> {
            String type = String.valueOf(map(r).get("Type"));
            if (type.equals("AWS::DynamoDB::Table") || type.equals("AWS::Serverless::SimpleTable")
                    || type.equals("AWS::SecretsManager::Secret")) {
                kept.add(id);
                check(problems, "Retain".equals(map(r).get("DeletionPolicy")), id + ": DeletionPolicy is not Retain");
                check(problems, "Retain".equals(map(r).get("UpdateReplacePolicy")),
                        id + ": UpdateReplacePolicy is not Retain");
            }
        });
        // The termination credentials and the callback signing key are generated at deploy time: losing either
        // breaks the outbound trunk or every receiver's signature check.
        assertTrue(kept.containsAll(List.of("TerminationSecret", "CallbackSigningSecret")), kept.toString());
        assertEquals(template.tables().size() + 2, kept.size(), kept.toString());
        assertNoProblems(problems);
    }

    @Test
    void everyFunction_hasErrorsAndThrottlesAlarms_everyStateMachine_anExecutionsFailedAlarm() {
        List<String> problems = new ArrayList<>();
        Set<String> alarms = alarmKeys();
        forEach("AWS::Serverless::Function", (id, props) -> {
            check(problems, alarms.contains("AWS/Lambda Errors FunctionName=" + id), id + ": no Errors alarm");
            check(problems, alarms.contains("AWS/Lambda Throttles FunctionName=" + id), id + ": no Throttles alarm");
        });
        forEach("AWS::Serverless::StateMachine", (id, props) ->
                check(problems, alarms.contains("AWS/States ExecutionsFailed StateMachineArn=" + id),
                        id + ": no ExecutionsFailed alarm"));
        for (SamTemplate.StreamSource s : template.streamSources()) {
            check(problems, alarms.contains("AWS/Lambda IteratorAge FunctionName=" + s.functionId()),
                    s.functionId() + ": no IteratorAge alarm for its stream");
        }
        for (String queue : of("AWS::SQS::Queue").keySet()) {
            check(problems, alarms.contains("AWS/SQS ApproximateNumberOfMessagesVisible QueueName=" + queue),
                    queue + ": no depth alarm");
        }
        assertNoProblems(problems);
    }

    /**
     * The functions' own metrics (core/log/Metric) as the template uses them: each name an alarm or the dashboard
     * shows is one the code writes, the dashboard shows every name the code writes, and the Stack dimension they
     * all carry is the stack's name (STACK_NAME), which a custom-metric alarm names.
     */
    @Test
    void theCustomMetrics_inAlarmsAndTheDashboard_areTheOnesTheCodeWrites() throws java.io.IOException {
        Set<String> written = new java.util.TreeSet<>();
        java.util.regex.Pattern call = java.util.regex.Pattern.compile("Metric\\.(?:count|of)\\(\"([A-Za-z]+)\"");
        try (var files = java.nio.file.Files.walk(template.directory().resolve("functions"))) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".java")
                    && p.toString().contains("/src/main/")).toList()) {
                java.util.regex.Matcher m = call.matcher(java.nio.file.Files.readString(f));
                while (m.find()) {
                    written.add(m.group(1));
                }
            }
        }
        assertTrue(written.size() >= 10, "the metrics the code writes: " + written);
        List<String> problems = new ArrayList<>();
        Map<String, Object> globals = map(map(map(map(template.raw().get("Globals")).get("Function"))
                .get("Environment")).get("Variables"));
        check(problems, isRef(globals.get("STACK_NAME"), "AWS::StackName"),
                "Globals: STACK_NAME is not !Ref AWS::StackName");
        forEach("AWS::CloudWatch::Alarm", (id, props) -> {
            if (!"Arkenos/Telephony".equals(props.get("Namespace"))) {
                return;
            }
            check(problems, written.contains(String.valueOf(props.get("MetricName"))),
                    id + ": no code writes " + props.get("MetricName"));
            check(problems, list(props.get("Dimensions")).stream().anyMatch(d -> "Stack".equals(map(d).get("Name"))
                    && isRef(map(d).get("Value"), "AWS::StackName")), id + ": no Stack dimension");
        });
        String dashboard = String.valueOf(sub(map(of("AWS::CloudWatch::Dashboard").values().iterator().next()
                .get("DashboardBody"))));
        Set<String> shown = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "\"Arkenos/Telephony\", \"([A-Za-z]+)\"|\\[\"\\.\", \"([A-Za-z]+)\"|MetricName=\\\\\"([A-Za-z]+)\\\\\"")
                .matcher(dashboard);
        while (m.find()) {
            shown.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        shown.removeIf(name -> !Character.isUpperCase(name.charAt(0)) || isAwsMetric(name));
        for (String name : shown) {
            check(problems, written.contains(name), "the dashboard shows " + name + ", which no code writes");
        }
        for (String name : written) {
            check(problems, shown.contains(name), "the dashboard does not show " + name);
        }
        assertNoProblems(problems);
    }

    private static boolean isAwsMetric(String name) {
        return Set.of("ExecutionsStarted", "ExecutionsSucceeded", "ExecutionsFailed",
                "ApproximateNumberOfMessagesVisible", "Errors", "Throttles", "Duration", "IteratorAge").contains(name);
    }

    /** An alarm notifies the topic when one is given, and has no actions otherwise (the condition). */
    @Test
    void everyAlarm_notifiesTheOptionalTopic() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> conditions = map(template.raw().get("Conditions"));
        assertNotNull(conditions.get("HasAlarmTopic"), "condition HasAlarmTopic");
        assertEquals("", map(map(template.raw().get("Parameters")).get("AlarmTopicArn")).get("Default"));
        forEach("AWS::CloudWatch::Alarm", (id, props) -> {
            for (String key : List.of("AlarmActions", "OKActions")) {
                List<Object> fnIf = list(map(props.get(key)).get("Fn::If"));
                check(problems, fnIf.size() == 3 && "HasAlarmTopic".equals(fnIf.get(0))
                        && list(fnIf.get(1)).stream().anyMatch(a -> isRef(a, "AlarmTopicArn")),
                        id + ": " + key + " is not !If [HasAlarmTopic, [!Ref AlarmTopicArn], ...]");
            }
            check(problems, props.get("AlarmDescription") != null, id + ": AlarmDescription");
        });
        assertFalse(of("AWS::CloudWatch::Dashboard").isEmpty(), "a dashboard");
        assertNoProblems(problems);
    }

    /** Tags from the DeploymentEnvironment parameter on SAM's resources (Globals) and on every other taggable one. */
    @Test
    void everyResource_isTagged() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> globals = map(template.raw().get("Globals"));
        for (String kind : List.of("Function", "HttpApi")) {
            Map<String, Object> g = map(globals.get(kind));
            check(problems, isRef(map(g.get("Tags")).get("environment"), "DeploymentEnvironment"),
                    "Globals." + kind + ".Tags");
            check(problems, Boolean.TRUE.equals(g.get("PropagateTags")), "Globals." + kind + ".PropagateTags");
        }
        Set<String> taggable = Set.of("AWS::DynamoDB::Table", "AWS::SecretsManager::Secret", "AWS::Logs::LogGroup",
                "AWS::SQS::Queue", "AWS::CloudWatch::Alarm", "AWS::SNS::Topic", "AWS::KMS::Key");
        resources.forEach((id, r) -> {
            String type = String.valueOf(map(r).get("Type"));
            Map<String, Object> props = map(map(r).get("Properties"));
            if (taggable.contains(type)) {
                boolean tagged = list(props.get("Tags")).stream().anyMatch(t ->
                        "environment".equals(map(t).get("Key")) && isRef(map(t).get("Value"), "DeploymentEnvironment"));
                check(problems, tagged, id + ": no environment tag");
            } else if (type.equals("AWS::Serverless::StateMachine")) {
                // Globals cannot carry a state machine's tags (only PropagateTags).
                check(problems, isRef(map(props.get("Tags")).get("environment"), "DeploymentEnvironment"),
                        id + ": Tags");
            }
        });
        assertNoProblems(problems);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** "Namespace MetricName Dimension=ResourceId" of every alarm on a single resource dimension. */
    private static Set<String> alarmKeys() {
        Set<String> keys = new LinkedHashSet<>();
        of("AWS::CloudWatch::Alarm").values().forEach(props -> {
            for (Object d : list(props.get("Dimensions"))) {
                Object value = map(d).get("Value");
                String target = refName(value) != null ? refName(value) : getAtt(value, "QueueName");
                keys.add(props.get("Namespace") + " " + props.get("MetricName") + " " + map(d).get("Name")
                        + "=" + target);
            }
        });
        return keys;
    }

    private static void checkQueueDestination(List<String> problems, String where, Map<String, Object> onFailure) {
        String queue = getAttArn(onFailure.get("Destination"));
        Map<String, Object> q = queue == null ? null : properties(queue, "AWS::SQS::Queue");
        if (q == null) {
            problems.add(where + ": OnFailure.Destination is not !GetAtt <queue of the stack>.Arn");
            return;
        }
        check(problems, "SQS".equals(onFailure.get("Type")),
                where + ": OnFailure.Type SQS (SAM then grants sqs:SendMessage)");
        check(problems, Integer.valueOf(1_209_600).equals(q.get("MessageRetentionPeriod")),
                queue + ": retention 14 days");
        check(problems, Boolean.TRUE.equals(q.get("SqsManagedSseEnabled")) || q.get("KmsMasterKeyId") != null,
                queue + ": encrypted");
    }

    private static void checkGroupWithRetention(List<String> problems, String where, String group) {
        Map<String, Object> g = group == null ? null : properties(group, "AWS::Logs::LogGroup");
        if (g == null) {
            problems.add(where + ": not !GetAtt <log group of the stack>.Arn");
            return;
        }
        check(problems, isRef(g.get("RetentionInDays"), "LogRetentionInDays"), group + ": RetentionInDays");
    }

    private static void forEach(String type, java.util.function.BiConsumer<String, Map<String, Object>> action) {
        Map<String, Map<String, Object>> all = of(type);
        assertFalse(all.isEmpty(), "template.yaml has resources of type " + type);
        all.forEach(action);
    }

    private static Map<String, Map<String, Object>> of(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resources.forEach((id, r) -> {
            if (type.equals(map(r).get("Type"))) {
                out.put(id, map(map(r).get("Properties")));
            }
        });
        return out;
    }

    private static Map<String, Object> properties(String id, String type) {
        Map<String, Object> r = map(resources.get(id));
        return type.equals(r.get("Type")) ? map(r.get("Properties")) : null;
    }

    private static boolean isRef(Object value, String name) {
        return name.equals(refName(value));
    }

    private static String refName(Object value) {
        Object ref = map(value).get("Ref");
        return ref == null ? null : String.valueOf(ref);
    }

    private static String getAttArn(Object value) {
        return getAtt(value, "Arn");
    }

    private static String getAtt(Object value, String attribute) {
        List<Object> getAtt = list(map(value).get("Fn::GetAtt"));
        return getAtt.size() == 2 && attribute.equals(getAtt.get(1)) ? String.valueOf(getAtt.get(0)) : null;
    }

    private static Object sub(Object value) {
        Object s = map(value).get("Fn::Sub");
        return s instanceof String ? s : null;
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private static void assertNoProblems(List<String> problems) {
        assertTrue(problems.isEmpty(),
                problems.size() + " problem(s) in template.yaml:\n  " + String.join("\n  ", problems));
    }
}
