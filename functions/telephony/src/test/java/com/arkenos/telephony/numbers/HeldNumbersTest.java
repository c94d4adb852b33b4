package com.arkenos.telephony.numbers;

import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.testing.LocalStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MaxNumbersPerOwner in the claim's transaction, on DynamoDB Local: boundary, race, release, reconciliation. */
class HeldNumbersTest {
    static final int LIMIT = 3;
    private final NumberStore store = new NumberStore(LocalStack.dynamo().client(), "NumbersTable", "AgentsTable");
    private String owner;

    @BeforeEach
    void newOwner() {
        owner = "owner-" + UUID.randomUUID();
    }

    private String agent() {
        String id = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = new java.util.HashMap<>(AgentStore.key(owner, id));
        item.put(AgentStore.ID, AttributeValue.fromS(id));
        item.put(AgentStore.VERSION, AttributeValue.fromN("1"));
        item.put(AgentStore.NAME, AttributeValue.fromS("Front desk"));
        item.put(AgentStore.ACTIVE, AttributeValue.fromBool(true));
        item.put(AgentStore.CONFIG, AttributeValue.fromS("{}"));
        item.put(AgentStore.CREATED, AttributeValue.fromS("2026-12-02T00:00:00Z"));
        item.put(AgentStore.UPDATED, AttributeValue.fromS("2026-12-02T00:00:00Z"));
        LocalStack.dynamo().client().putItem(b -> b.tableName("AgentsTable").item(item));
        return id;
    }

    private static String phone() {
        return "+1415" + (2000000 + ThreadLocalRandom.current().nextInt(7000000));
    }

    private NumberRecord claim(String phone) {
        Instant now = Instant.now();
        NumberRecord r = new NumberRecord(phone, owner, agent(), null, NumberStatus.PURCHASING, "purchased",
                "provision", 0, null, null, Map.of(), null, now, now, 1);
        store.claim(r, LIMIT);
        return r;
    }

    @Test
    void theThirdNumberIsClaimed_theFourthRefused_andNothingOfItWritten() {
        for (int i = 0; i < LIMIT; i++) {
            claim(phone());
        }
        String fourth = phone();
        NumberStore.ClaimRefused r = assertThrows(NumberStore.ClaimRefused.class, () -> claim(fourth));
        assertEquals(NumberStore.ClaimFailure.NUMBER_LIMIT, r.failure());
        assertTrue(store.find(fourth).isEmpty());
        assertEquals(LIMIT, store.held().held(owner).size());
    }

    @Test
    void tenParallelClaims_claimExactlyTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String p = phone();
            String a = agent();
            results.add(pool.submit(() -> {
                go.await();
                Instant now = Instant.now();
                try {
                    store.claim(new NumberRecord(p, owner, a, null, NumberStatus.PURCHASING, "purchased", "provision",
                            0, null, null, Map.of(), null, now, now, 1), LIMIT);
                    return true;
                } catch (NumberStore.ClaimRefused refused) {
                    return false;
                }
            }));
        }
        go.countDown();
        int claimed = 0;
        for (Future<Boolean> f : results) {
            claimed += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(LIMIT, claimed);
        // what was claimed is as it was written: the next step's versioned update goes through
        for (String p : store.held().held(owner)) {
            NumberRecord r = store.find(p).orElseThrow();
            assertEquals(1, r.version(), r.toString());
        }
    }

    @Test
    void anUndoneClaimGivesItsPlaceBack_andALostReleaseIsHealedFromTheRecords() {
        NumberRecord a = claim(phone());
        claim(phone());
        NumberRecord c = claim(phone());
        store.abandonClaim(store.find(a.phoneNumber()).orElseThrow());
        assertEquals(2, store.held().held(owner).size());
        claim(phone());
        // RELEASED written, the set not updated (a crash in between)
        store.update(store.find(c.phoneNumber()).orElseThrow(),
                Map.of(NumberStore.STATUS, AttributeValue.fromS(NumberStatus.RELEASED.name())));
        assertThrows(NumberStore.ClaimRefused.class, () -> claim(phone()));
        assertEquals(1, store.held().reconcile(owner, store));
        claim(phone());
        assertEquals(LIMIT, store.held().held(owner).size());
        assertEquals(0, store.held().reconcile(owner, store), "held numbers are never dropped");
    }

    @Test
    void numbersHeldBeforeTheLimitExisted_areCountedFromTheOwnersListing() {
        String older = phone();
        Instant now = Instant.now();
        LocalStack.dynamo().client().putItem(b -> b.tableName("NumbersTable").item(NumberStore.toItem(
                new NumberRecord(older, owner, "a", "PN1", NumberStatus.ACTIVE, "purchased", "provision", 1, "e", null,
                        Map.of(), null, now, now, 1))));
        String released = phone();
        LocalStack.dynamo().client().putItem(b -> b.tableName("NumbersTable").item(NumberStore.toItem(
                new NumberRecord(released, owner, null, "PN2", NumberStatus.RELEASED, "purchased", "release", 1, "e",
                        null, Map.of(), null, now, now, 1))));
        claim(phone());
        assertEquals(2, store.held().held(owner).size(), "the ACTIVE one counted, the RELEASED one not");
    }
}
