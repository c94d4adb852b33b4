package com.arkenos.telephony.core.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    private final List<String> lines = new ArrayList<>();
    private final Consumer<String> sink = lines::add;

    @BeforeEach
    void capture() {
        Log.addSink(sink);
    }

    @AfterEach
    void release() {
        Log.removeSink(sink);
        System.clearProperty(Log.TRACE_HEADER_PROPERTY);
        System.clearProperty(Log.TRACE_ID_NAME);
    }

    @Test
    void threshold_lambdasLevelWins_thenLogLevel_thenInfo() {
        assertEquals("WARN", Log.LEVELS[Log.threshold("WARN", "DEBUG")]);
        assertEquals("DEBUG", Log.LEVELS[Log.threshold(null, "debug")]);
        assertEquals("ERROR", Log.LEVELS[Log.threshold(" error ", null)]);
        assertEquals("WARN", Log.LEVELS[Log.threshold(null, "warning")]);
        assertEquals("TRACE", Log.LEVELS[Log.threshold("TRACE", null)]);
        assertEquals("FATAL", Log.LEVELS[Log.threshold("FATAL", "DEBUG")]);
        assertEquals("INFO", Log.LEVELS[Log.threshold(null, null)]);
        // An unknown value counts as unset rather than silencing or flooding the logs.
        assertEquals("DEBUG", Log.LEVELS[Log.threshold("LOUD", "DEBUG")]);
        assertEquals("INFO", Log.LEVELS[Log.threshold("", "verbose")]);
    }

    @Test
    void defaultLevel_isInfo_soDebugIsDropped_andInfoWritten() {
        // The test JVM sets neither AWS_LAMBDA_LOG_LEVEL nor LOG_LEVEL.
        assertEquals("INFO", Log.level());
        assertFalse(Log.enabled("DEBUG"));
        assertTrue(Log.enabled("info"));
        assertTrue(Log.enabled("ERROR"));
        assertFalse(Log.enabled("nonsense"));
        Log.debug("not_written", "k", "v");
        Log.info("written", "k", "v");
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("written", parse(lines.get(0)).get("event").asText());
    }

    @Test
    void coldStart_trueForInitAndFirstInvocation_falseAfter_trueAgainAfterRestore() {
        Log.restored();
        Log.info("init");
        Log.invocationStarted((String) null);
        Log.info("first");
        Log.invocationStarted((String) null);
        Log.info("second");
        Log.invocationStarted((String) null);
        Log.info("third");
        Log.restored();
        Log.info("restore_hook");
        Log.invocationStarted((String) null);
        Log.info("first_after_restore");
        Log.invocationStarted((String) null);
        Log.info("second_after_restore");
        List<Boolean> cold = lines.stream().map(l -> parse(l).get("cold_start").asBoolean()).toList();
        assertEquals(List.of(true, true, false, false, true, true, false), cold);
    }

    @Test
    void traceId_isTheRootOfTheRuntimesTraceHeader() {
        Log.info("no_trace");
        System.setProperty(Log.TRACE_HEADER_PROPERTY, HEADER);
        Log.info("runtime_property");
        System.clearProperty(Log.TRACE_HEADER_PROPERTY);
        System.setProperty(Log.TRACE_ID_NAME, "Root=1-aaaaaaaa-bbbbbbbbbbbbbbbbbbbbbbbb;Sampled=0");
        Log.info("x_amzn_property");
        if (System.getenv(Log.TRACE_ID_NAME) == null) {
            assertFalse(parse(lines.get(0)).has("xray_trace_id"), lines.get(0));
        }
        assertEquals("1-5759e988-bd862e3fe1be46a994272793", parse(lines.get(1)).get("xray_trace_id").asText());
        assertEquals("1-aaaaaaaa-bbbbbbbbbbbbbbbbbbbbbbbb", parse(lines.get(2)).get("xray_trace_id").asText());
    }

    @Test
    void rootOf_handlesEveryShape() {
        assertEquals("1-5759e988-bd862e3fe1be46a994272793", Log.rootOf(HEADER));
        assertEquals("1-5759e988-bd862e3fe1be46a994272793",
                Log.rootOf("Sampled=1; Root=1-5759e988-bd862e3fe1be46a994272793"));
        assertEquals("1-abc", Log.rootOf("1-abc"));
        assertNull(Log.rootOf("Parent=53995c3f42cd8ad8;Sampled=1"));
        assertNull(Log.rootOf(""));
        assertNull(Log.rootOf(null));
    }

    @Test
    void line_keepsItsFields_andTheErrorsClassAndMessage() {
        Log.error("boom", new IllegalStateException("bad state"), "count", 3, "ratio", 0.5, "ok", false, "none", null);
        JsonNode line = parse(lines.get(0));
        assertEquals("ERROR", line.get("level").asText());
        assertEquals("boom", line.get("event").asText());
        assertEquals(3, line.get("count").asLong());
        assertEquals(0.5, line.get("ratio").asDouble());
        assertFalse(line.get("ok").asBoolean());
        assertTrue(line.get("none").isNull());
        assertEquals(IllegalStateException.class.getName(), line.get("error").asText());
        assertEquals("bad state", line.get("error_message").asText());
        assertTrue(line.has("ts") && line.has("cold_start"), line.toString());
        // The test JVM is no Lambda function: no version is made up.
        assertFalse(line.has("function_version"), line.toString());
    }

    /**
     * The level and the version are read from the process environment once, at class initialisation: a fresh JVM
     * with Lambda's variables set writes WARN and ERROR only, each with the function's version.
     */
    @Test
    void freshJvm_honoursAwsLambdaLogLevel_overLogLevel_andWritesTheVersion() throws Exception {
        List<JsonNode> out = runProbe(Map.of("AWS_LAMBDA_LOG_LEVEL", "WARN", "LOG_LEVEL", "DEBUG",
                "AWS_LAMBDA_FUNCTION_VERSION", "7", "_X_AMZN_TRACE_ID", HEADER));
        assertEquals(List.of("probe_warn", "probe_error"), out.stream().map(l -> l.get("event").asText()).toList());
        for (JsonNode line : out) {
            assertEquals("7", line.get("function_version").asText(), line.toString());
            assertTrue(line.get("cold_start").asBoolean(), line.toString());
            assertEquals("1-5759e988-bd862e3fe1be46a994272793", line.get("xray_trace_id").asText());
        }
    }

    @Test
    void freshJvm_withLogLevelOnly_honoursIt() throws Exception {
        List<JsonNode> out = runProbe(Map.of("LOG_LEVEL", "DEBUG"));
        assertEquals(List.of("probe_debug", "probe_info", "probe_warn", "probe_error"),
                out.stream().map(l -> l.get("event").asText()).toList());
    }

    private static List<JsonNode> runProbe(Map<String, String> env) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), LogLevelProbe.class.getName());
        pb.environment().remove("AWS_LAMBDA_LOG_LEVEL");
        pb.environment().remove("LOG_LEVEL");
        pb.environment().remove("AWS_LAMBDA_FUNCTION_VERSION");
        pb.environment().remove("_X_AMZN_TRACE_ID");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe finished");
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        List<JsonNode> lines = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (l.startsWith("{")) {
                lines.add(parse(l));
            }
        }
        return lines;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    @Test
    void everyLine_carriesTheRequestIdOfTheInvocationItsThreadServes() throws IOException {
        Log.invocationStarted("8f3c-req");
        Log.info("one");
        Log.invocationStarted((String) null);
        Log.info("two");
        assertEquals("8f3c-req", JSON.readTree(lines.get(0)).get("request_id").asText());
        assertFalse(JSON.readTree(lines.get(1)).has("request_id"), "an invocation without an id names none");
    }

    @Test
    void workHandedToAnotherThread_carriesTheInvocationsRequestId() throws Exception {
        Log.restored();
        Log.invocationStarted("9a1d-req");
        var work = Log.inThisInvocation(() -> {
            Log.info("on_second_thread");
            return null;
        });
        java.util.concurrent.CompletableFuture.supplyAsync(work).get();
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("9a1d-req", line.get("request_id").asText());
        assertTrue(line.get("cold_start").asBoolean(), "the second thread's work is the same (first) invocation");
    }

    @Test
    void aFieldNamedLikeTheLinesOwnKeys_doesNotHideThem() throws IOException {
        Log.info("webhook_received", "event", "room_started", "level", "x");
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("webhook_received", line.get("event").asText());
        assertEquals("INFO", line.get("level").asText());
        assertEquals("room_started", line.get("field_event").asText());
    }
}
