package com.arkenos.telephony.calls;

import com.arkenos.telephony.testing.LocalStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live-call limit on DynamoDB Local: at the boundary, under a race, through every final transition. */
class LiveCallSlotsTest {
    static final int LIMIT = 10;
    private final CallStore store = new CallStore(LocalStack.dynamo().client(), "CallsTable");
    private String owner;

    @BeforeEach
    void newOwner() {
        owner = "owner-" + UUID.randomUUID();
    }

    private CallRecord call() {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        return new CallRecord(id, owner, "agent-1", CallDirection.OUTBOUND, CallStatus.RINGING,
                OutboundCalls.roomName(id), "+15105550100", "+14155550123", "phone-+14155550123", "Phone",
                "ST_1", null, 45, null, null, null, null, null, now, null, null, null, now);
    }

    private CallRecord admitted() {
        CallRecord c = call();
        store.slots().admit(c, LIMIT, null);
        return c;
    }

    @Test
    void theTenthCallIsAdmitted_theEleventhRefused_andNothingOfItWritten() {
        List<CallRecord> live = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            live.add(admitted());
        }
        CallRecord eleventh = call();
        LiveCallSlots.Refused r = assertThrows(LiveCallSlots.Refused.class,
                () -> store.slots().admit(eleventh, LIMIT, null));
        assertEquals(LiveCallSlots.Refusal.LIMIT_REACHED, r.reason);
        assertTrue(store.find(eleventh.callId()).isEmpty(), "the refused call's record is not written");
        assertEquals(LIMIT, store.slots().held(owner).size());
    }

    @Test
    void everyFinalTransitionFreesThePlace_once() {
        CallRecord a = admitted();
        CallRecord b = admitted();
        CallRecord c = admitted();
        CallRecord d = admitted();
        CallRecord e = admitted();
        store.notConnected(a.callId(), CallStatus.BUSY, 486, "Busy", null, null, Instant.now());
        store.answered(b.callId(), Instant.now(), "SCL");
        assertEquals(4, store.slots().held(owner).size(), "an answered call is still live");
        store.complete(b.callId(), Instant.now());
        store.answered(c.callId(), Instant.now(), "SCL");
        store.completeAnswered(c.callId(), Instant.now());
        store.roomEnded(d.callId(), Instant.now());
        store.answered(d.callId(), Instant.now(), null); // the room ended before the answer: COMPLETED at once
        assertEquals(java.util.Set.of(e.callId()), store.slots().held(owner));
        store.complete(a.callId(), Instant.now()); // a late write to a final call frees nothing more
        store.slots().release(owner, a.callId());
        assertEquals(1, store.slots().held(owner).size());
    }

    @Test
    void twentyParallelAdmissions_admitExactlyTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(pool.submit(() -> {
                go.await();
                try {
                    store.slots().admit(call(), LIMIT, null);
                    return true;
                } catch (LiveCallSlots.Refused refused) {
                    return false;
                }
            }));
        }
        go.countDown();
        int admitted = 0;
        for (Future<Boolean> f : results) {
            admitted += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(LIMIT, admitted);
        assertEquals(LIMIT, store.slots().held(owner).size());
    }

    @Test
    void aReleaseLostToACrash_isHealedFromTheRecords() {
        List<CallRecord> live = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            live.add(admitted());
        }
        // The final write happened, its release did not (the function died in between).
        LocalStack.dynamo().client().updateItem(b -> b.tableName("CallsTable")
                .key(java.util.Map.of(CallStore.CALL_ID,
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(live.get(3).callId())))
                .updateExpression("SET #s = :f").expressionAttributeNames(java.util.Map.of("#s", CallStore.STATUS))
                .expressionAttributeValues(java.util.Map.of(":f",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("FAILED"))));
        assertThrows(LiveCallSlots.Refused.class, () -> store.slots().admit(call(), LIMIT, null));
        assertEquals(1, store.slots().reconcile(owner, store));
        admitted();
        assertEquals(LIMIT, store.slots().held(owner).size());
        assertEquals(0, store.slots().reconcile(owner, store), "live calls are never dropped");
    }

    @Test
    void anIdempotencyKeyBindsOnce_andTheLoserWritesNothing() {
        OutboundCallKeys keys = store.keys();
        CallRecord first = call();
        store.slots().admit(first, LIMIT, keys.bind(owner, "k1", "fp", first.callId(), null));
        CallRecord second = call();
        LiveCallSlots.Refused r = assertThrows(LiveCallSlots.Refused.class,
                () -> store.slots().admit(second, LIMIT, keys.bind(owner, "k1", "fp", second.callId(), null)));
        assertEquals(LiveCallSlots.Refusal.KEY_TAKEN, r.reason);
        assertTrue(store.find(second.callId()).isEmpty());
        assertEquals(first.callId(), keys.find(owner, "k1").orElseThrow().callId());
        assertEquals(1, store.slots().held(owner).size());
        // A call of the key that was never dialled may be replaced by the retry, once.
        CallRecord third = call();
        store.slots().admit(third, LIMIT, keys.bind(owner, "k1", "fp", third.callId(), first.callId()));
        assertEquals(third.callId(), keys.find(owner, "k1").orElseThrow().callId());
    }
}
