package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.store.Page;
import com.arkenos.telephony.testing.LocalStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Call status transitions are conditional: a final status never changes, whatever arrives late. */
class CallStoreTest {
    private final CallStore store = new CallStore(LocalStack.dynamo().client(), "CallsTable");
    private String owner;
    private Instant t0;

    @BeforeEach
    void newOwner() {
        owner = "owner-" + UUID.randomUUID();
        t0 = Instant.parse("2026-11-24T09:00:00Z");
    }

    private CallRecord ringing(Instant created) {
        String id = UUID.randomUUID().toString();
        CallRecord c = new CallRecord(id, owner, "agent-1", CallDirection.OUTBOUND, CallStatus.RINGING,
                OutboundCalls.roomName(id), "+15105550100", "+14155550123", "phone-+14155550123",
                "Phone +14155550123", "ST_1", null, 45, null, null, null, null, null, created, null, null, null,
                created);
        assertTrue(store.create(c));
        return c;
    }

    @Test
    void create_sameIdTwice_recordsOnce() {
        CallRecord c = ringing(t0);
        assertFalse(store.create(c));
    }

    @Test
    void startDialing_happensOncePerCall() {
        CallRecord c = ringing(t0);
        assertTrue(store.startDialing(c.callId(), t0.plusSeconds(1)));
        assertFalse(store.startDialing(c.callId(), t0.plusSeconds(2)), "a second delivery must not dial again");
        assertNotNull(store.find(c.callId()).orElseThrow().dialStartedAt());
    }

    @Test
    void answeredThenCompleted_hasTalkTimeAsDuration_andALateFailureChangesNothing() {
        CallRecord c = ringing(t0);
        assertEquals(CallStatus.ANSWERED,
                store.answered(c.callId(), t0.plusSeconds(5), "SCL_1").orElseThrow().status());
        assertTrue(store.notConnected(c.callId(), CallStatus.NO_ANSWER, 480, "x", null, null, t0.plusSeconds(6))
                .isEmpty());
        CallRecord done = store.complete(c.callId(), t0.plusSeconds(65)).orElseThrow();
        assertEquals(CallStatus.COMPLETED, done.status());
        assertEquals(60L, done.durationSeconds());
        assertEquals("SCL_1", done.sipCallId());
        assertTrue(store.complete(c.callId(), t0.plusSeconds(99)).isEmpty(), "completing twice changes nothing");
        assertEquals(t0.plusSeconds(65), store.find(c.callId()).orElseThrow().endedAt());
    }

    @Test
    void finalFailure_isNeverOverwritten() {
        CallRecord c = ringing(t0);
        CallRecord busy = store.notConnected(c.callId(), CallStatus.BUSY, 486, "Busy Here", null, null,
                t0.plusSeconds(2)).orElseThrow();
        assertEquals(486, busy.sipStatusCode());
        assertEquals(0L, busy.durationSeconds());
        assertTrue(store.answered(c.callId(), t0.plusSeconds(3), null).isEmpty());
        assertTrue(store.complete(c.callId(), t0.plusSeconds(3)).isEmpty());
        assertTrue(store.completeAnswered(c.callId(), t0.plusSeconds(3)).isEmpty());
        assertTrue(store.roomEnded(c.callId(), t0.plusSeconds(4)).isEmpty(), "the end time is kept");
        CallRecord after = store.find(c.callId()).orElseThrow();
        assertEquals(CallStatus.BUSY, after.status());
        assertEquals(t0.plusSeconds(2), after.endedAt());
    }

    @Test
    void roomFinishedBeforeTheAnswerWasRecorded_answersAndCompletesAtOnce() {
        CallRecord c = ringing(t0);
        CallRecord noted = store.roomEnded(c.callId(), t0.plusSeconds(30)).orElseThrow();
        assertEquals(CallStatus.RINGING, noted.status(), "the dial step still owns a ringing call's outcome");
        CallRecord answered = store.answered(c.callId(), t0.plusSeconds(31), "SCL_2").orElseThrow();
        assertEquals(CallStatus.COMPLETED, answered.status());
        assertEquals(t0.plusSeconds(30), answered.endedAt());
        assertNotNull(answered.answeredAt());
    }

    @Test
    void unknownCall_transitionsNothing() {
        String id = UUID.randomUUID().toString();
        assertTrue(store.answered(id, t0, null).isEmpty());
        assertTrue(store.roomEnded(id, t0).isEmpty());
        assertTrue(store.complete(id, t0).isEmpty());
        assertTrue(store.find(id).isEmpty(), "no item was created by a transition");
    }

    @Test
    void list_isNewestFirst_filteredAcrossIndexPages_andPagedByCursor() {
        List<String> busy = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // Whole seconds on purpose: their ISO form has no fraction, which must still sort right.
            CallRecord c = ringing(t0.plus(i * 500L, ChronoUnit.MILLIS));
            if (i % 7 == 0) {
                store.notConnected(c.callId(), CallStatus.BUSY, 486, "Busy Here", null, null, t0);
                busy.add(0, c.callId());
            }
        }
        Page<CallRecord> all = store.list(owner, 100, null, new CallStore.Filter(null, null, null));
        assertEquals(60, all.items().size());
        assertNull(all.nextCursor());
        for (int i = 1; i < all.items().size(); i++) {
            assertTrue(all.items().get(i - 1).createdAt().isAfter(all.items().get(i).createdAt()), "newest first");
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<CallRecord> page = store.list(owner, 3, cursor, new CallStore.Filter(null, CallStatus.BUSY, null));
            page.items().forEach(c -> seen.add(c.callId()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 20);
        assertEquals(busy, seen);
        assertEquals(0, store.list(owner, 10, null, new CallStore.Filter(CallDirection.INBOUND, null, null))
                .items().size());
        assertEquals(0, store.list("someone-else", 10, null, new CallStore.Filter(null, null, null)).items().size());
    }
}
