package com.arkenos.telephony.numbers;

import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The number items the static schema writes and reads are the ones the table has always held. */
class NumberItemTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00.120Z");

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    @Test
    void toItem_writesEveryAttributeAsStored_andLeavesAbsentOnesOut() throws Exception {
        Map<String, NumberRecord.StepState> steps = new LinkedHashMap<>();
        steps.put("EnsureTwilioTrunk", new NumberRecord.StepState("SUCCEEDED", T, "TK1", null, null, null));
        steps.put("AddToInboundTrunk",
                new NumberRecord.StepState("FAILED", null, null, "not_found", "gone", "livekit"));
        NumberRecord r = new NumberRecord("+15105550100", "owner-1", "ag-1", "PN1", NumberStatus.FAILED, "purchased",
                "provision", 2, "exec-2", "arn:exec-2", steps, (ObjectNode) Json.parse("{\"code\":\"x\"}"), T, T, 5);

        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("phone_number", s("+15105550100"));
        expected.put("owner_id", s("owner-1"));
        expected.put("agent_id", s("ag-1"));
        expected.put("twilio_sid", s("PN1"));
        expected.put("status", s("FAILED"));
        expected.put("source", s("purchased"));
        expected.put("operation", s("provision"));
        expected.put("attempt", AttributeValue.fromN("2"));
        expected.put("execution_name", s("exec-2"));
        expected.put("execution_arn", s("arn:exec-2"));
        expected.put("steps", AttributeValue.fromM(Map.of(
                "EnsureTwilioTrunk", AttributeValue.fromM(Map.of("state", s("SUCCEEDED"),
                        "at", s("2024-01-01T00:00:00.120Z"), "resource_id", s("TK1"))),
                "AddToInboundTrunk", AttributeValue.fromM(Map.of("state", s("FAILED"), "error_code", s("not_found"),
                        "error_message", s("gone"), "provider", s("livekit"))))));
        expected.put("last_error", s("{\"code\":\"x\"}"));
        expected.put("created_at", s("2024-01-01T00:00:00.120Z"));
        expected.put("updated_at", s("2024-01-01T00:00:00.120Z"));
        expected.put("version", AttributeValue.fromN("5"));
        assertEquals(expected, NumberStore.toItem(r));
        assertEquals(r, NumberStore.fromItem(expected));
    }

    @Test
    void fromItem_readsAnItemWrittenBeforeAttemptsAndSteps_andAnUnreadableLastErrorAsNone() {
        Map<String, AttributeValue> old = new HashMap<>(Map.of("phone_number", s("+15105550100"),
                "owner_id", s("owner-1"), "status", s("ACTIVE"), "source", s("assigned"), "operation", s("provision"),
                "created_at", s("2024-01-01T00:00:00Z"), "updated_at", s("2024-01-01T00:00:00Z"),
                "version", AttributeValue.fromN("1"), "last_error", s("not json")));
        NumberRecord r = NumberStore.fromItem(old);
        assertEquals(0, r.attempt());
        assertEquals(Map.of(), r.steps());
        assertNull(r.lastError());
        assertNull(r.agentId());
    }
}
