package com.arkenos.telephony.calls;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The call items the static schema writes and reads are the ones the table has always held. */
class CallItemTest {
    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    @Test
    void toItem_writesFixedWidthTimes_andLeavesAbsentAttributesOut() {
        Instant t = Instant.parse("2024-01-01T00:00:05Z");
        CallRecord c = new CallRecord("call-1", "owner-1", "ag-1", CallDirection.OUTBOUND, CallStatus.BUSY, "room-1",
                "+15105550100", "+12025550101", "phone-+12025550101", "Phone", "ST_1", null, 45, 486, "Busy Here",
                null, null, null, t, t, null, t.plusMillis(120), t.plusMillis(120));
        Map<String, AttributeValue> expected = Map.ofEntries(Map.entry("call_id", s("call-1")),
                Map.entry("owner_id", s("owner-1")), Map.entry("agent_id", s("ag-1")),
                Map.entry("direction", s("OUTBOUND")), Map.entry("status", s("BUSY")),
                Map.entry("room_name", s("room-1")),
                Map.entry("from_number", s("+15105550100")), Map.entry("to_number", s("+12025550101")),
                Map.entry("participant_identity", s("phone-+12025550101")), Map.entry("participant_name", s("Phone")),
                Map.entry("trunk_id", s("ST_1")), Map.entry("ringing_timeout_seconds", AttributeValue.fromN("45")),
                Map.entry("sip_status_code", AttributeValue.fromN("486")), Map.entry("sip_status", s("Busy Here")),
                Map.entry("created_at", s("2024-01-01T00:00:05.000Z")),
                Map.entry("dial_started_at", s("2024-01-01T00:00:05.000Z")),
                Map.entry("ended_at", s("2024-01-01T00:00:05.120Z")),
                Map.entry("updated_at", s("2024-01-01T00:00:05.120Z")));
        assertEquals(expected, CallStore.toItem(c));
        assertEquals(c, CallStore.fromItem(expected));
    }
}
