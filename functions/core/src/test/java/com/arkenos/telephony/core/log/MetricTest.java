package com.arkenos.telephony.core.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded metric format document, checked against the rules of CloudWatch's EMF specification. */
class MetricTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> lines = new ArrayList<>();
    private final Consumer<String> sink = lines::add;

    @BeforeEach
    void capture() {
        Log.addSink(sink);
    }

    @AfterEach
    void release() {
        Log.removeSink(sink);
    }

    @Test
    void aCount_isOneEmfDocument_withTheStackAndEachLeadingRunOfItsDimensions() throws Exception {
        Log.invocationStarted("req-1");
        Metric.count("DialOutcome").dimension("Status", "BUSY").dimension("SipCode", 486)
                .property("call_id", "c-1").emit();

        assertEquals(1, lines.size());
        JsonNode doc = JSON.readTree(lines.get(0));
        JsonNode directive = doc.at("/_aws/CloudWatchMetrics/0");
        assertTrue(doc.at("/_aws/Timestamp").isIntegralNumber(), "epoch milliseconds");
        assertEquals("Arkenos/Telephony", directive.get("Namespace").asText());
        assertEquals("[[\"Stack\"],[\"Stack\",\"Status\"],[\"Stack\",\"Status\",\"SipCode\"]]",
                directive.get("Dimensions").toString());
        assertEquals("[{\"Name\":\"DialOutcome\",\"Unit\":\"Count\"}]", directive.get("Metrics").toString());
        // Every dimension a set names is a string member of the root; the metric's value a number member.
        for (JsonNode set : directive.get("Dimensions")) {
            set.forEach(d -> assertTrue(doc.get(d.asText()).isTextual(), d.asText()));
        }
        assertEquals("local", doc.get("Stack").asText(), "STACK_NAME unset: the local stack");
        assertEquals("486", doc.get("SipCode").asText());
        assertEquals(1.0, doc.get("DialOutcome").asDouble());
        // Ids ride along as properties, with the invocation's context; never as dimensions.
        assertEquals("c-1", doc.get("call_id").asText());
        assertEquals("req-1", doc.get("request_id").asText());
        assertFalse(directive.get("Dimensions").toString().contains("call_id"));
    }

    @Test
    void aValue_hasItsUnit_andABlankDimensionIsNone() throws Exception {
        Metric.of("LookupLatency", Metric.Unit.MILLISECONDS, 12.5).dimension("Outcome", " ").emit();
        JsonNode doc = JSON.readTree(lines.get(0));
        assertEquals("Milliseconds", doc.at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText());
        assertEquals(12.5, doc.get("LookupLatency").asDouble());
        assertEquals("none", doc.get("Outcome").asText(), "EMF refuses an empty dimension value");
    }

    @Test
    void isWrittenWhateverTheLogLevel_andRefusesMoreDimensionsThanEmfTakes() {
        Metric m = Metric.count("Many");
        for (int i = 0; i < 29; i++) {
            m.dimension("D" + i, i);
        }
        assertThrows(IllegalStateException.class, () -> m.dimension("D29", 29), "30 with Stack is EMF's limit");
        m.emit();
        assertEquals(1, lines.size(), "metrics are not log lines: no level filters them");
    }

    @Test
    void theStackDimension_isTheStacksName() {
        assertEquals("prod-telephony", Metric.stackName(" prod-telephony "));
        assertEquals("local", Metric.stackName(""));
        assertEquals("local", Metric.stackName(null));
    }
}
