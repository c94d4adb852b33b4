package com.arkenos.localstack.contract;

import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.core.store.Page;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.numbers.NumberStore.ClaimFailure;
import com.arkenos.telephony.numbers.NumberStore.ClaimRefused;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static com.arkenos.localstack.contract.StoreFixtures.AGENTS_TABLE;
import static com.arkenos.localstack.contract.StoreFixtures.NUMBERS_TABLE;
import static com.arkenos.localstack.contract.StoreFixtures.agent;
import static com.arkenos.localstack.contract.StoreFixtures.claimed;
import static com.arkenos.localstack.contract.StoreFixtures.newOwner;
import static com.arkenos.localstack.contract.StoreFixtures.newPhone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link NumberStore} promises, against a real DynamoDB API: claims and moves are single transactions with the
 * agents they touch, writes are conditioned on the version read or on the owning execution, and a refused write
 * changes nothing. The same source runs on DynamoDB Local (every build) and LocalStack (where Docker runs).
 */
public abstract class NumberStoreContract {
    private AgentStore agents;
    private NumberStore numbers;
    private String owner;

    /** A client for an endpoint that already has template.yaml's tables. */
    protected abstract DynamoDbClient dynamo();

    @BeforeEach
    void stores() {
        agents = new AgentStore(dynamo(), AGENTS_TABLE, NUMBERS_TABLE);
        numbers = new NumberStore(dynamo(), NUMBERS_TABLE, AGENTS_TABLE);
        owner = newOwner();
    }

    // ---------------------------------------------------------------- claim

    @Test
    void claim_writesTheNumber_andGivesItToTheAgent() {
        Agent before = newAgent("ag-1");
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");

        numbers.claim(record);

        assertEquals(record, numbers.find(record.phoneNumber()).orElseThrow());
        Agent after = agents.get(owner, "ag-1");
        assertEquals(record.phoneNumber(), after.phoneNumber());
        assertEquals(before.version() + 1, after.version(), "the agent's version moves with the claim");
    }

    @Test
    void claim_ofANumberAnotherAgentHolds_isRefusedAsNumberHeld_andChangesNothing() {
        newAgent("ag-1");
        Agent second = newAgent("ag-2");
        NumberRecord first = claimed(newPhone(), owner, "ag-1", "exec-1");
        numbers.claim(first);

        ClaimRefused e = assertThrows(ClaimRefused.class,
                () -> numbers.claim(claimed(first.phoneNumber(), owner, "ag-2", "exec-2")));

        assertEquals(ClaimFailure.NUMBER_HELD, e.failure());
        assertEquals(first, numbers.find(first.phoneNumber()).orElseThrow());
        assertEquals(second, agents.get(owner, "ag-2"), "the refused transaction must not touch the second agent");
    }

    @Test
    void claim_ofANumberAnotherOwnerHolds_isRefusedAsNumberHeld() {
        newAgent("ag-1");
        String other = newOwner();
        agents.create(agent(other, "ag-x", "Theirs"));
        NumberRecord theirs = claimed(newPhone(), other, "ag-x", "exec-x");
        numbers.claim(theirs);

        ClaimRefused e = assertThrows(ClaimRefused.class,
                () -> numbers.claim(claimed(theirs.phoneNumber(), owner, "ag-1", "exec-1")));

        assertEquals(ClaimFailure.NUMBER_HELD, e.failure());
        assertEquals(other, numbers.find(theirs.phoneNumber()).orElseThrow().owner());
        assertNull(agents.get(owner, "ag-1").phoneNumber());
    }

    @Test
    void claim_forAnAgentThatAlreadyHoldsANumber_isRefusedAsAgentUnavailable_andWritesNoNumber() {
        newAgent("ag-1");
        NumberRecord first = claimed(newPhone(), owner, "ag-1", "exec-1");
        numbers.claim(first);
        String second = newPhone();

        ClaimRefused e = assertThrows(ClaimRefused.class,
                () -> numbers.claim(claimed(second, owner, "ag-1", "exec-2")));

        assertEquals(ClaimFailure.AGENT_UNAVAILABLE, e.failure());
        assertTrue(numbers.find(second).isEmpty(), "the number's put is part of the cancelled transaction");
        assertEquals(first.phoneNumber(), agents.get(owner, "ag-1").phoneNumber());
    }

    @Test
    void claim_forAnAgentThatDoesNotExist_isRefusedAsAgentUnavailable() {
        String phone = newPhone();

        ClaimRefused e = assertThrows(ClaimRefused.class,
                () -> numbers.claim(claimed(phone, owner, "ag-none", "exec-1")));

        assertEquals(ClaimFailure.AGENT_UNAVAILABLE, e.failure());
        assertTrue(numbers.find(phone).isEmpty());
        assertTrue(agents.find(owner, "ag-none").isEmpty(), "the agent update must not create an agent");
    }

    @Test
    void claim_ofAReleasedNumber_isOpenToItsOwner_butNotToAnotherOwner() {
        newAgent("ag-1");
        newAgent("ag-2");
        NumberRecord released = release(claimAndStartRelease("ag-1"));
        String other = newOwner();
        agents.create(agent(other, "ag-x", "Theirs"));

        ClaimRefused e = assertThrows(ClaimRefused.class,
                () -> numbers.claim(claimed(released.phoneNumber(), other, "ag-x", "exec-x")));
        assertEquals(ClaimFailure.NUMBER_HELD, e.failure());

        numbers.claim(claimed(released.phoneNumber(), owner, "ag-2", "exec-again"));
        NumberRecord reclaimed = numbers.find(released.phoneNumber()).orElseThrow();
        assertEquals("ag-2", reclaimed.agentId());
        assertEquals(NumberStatus.PROVISIONING, reclaimed.status());
        assertEquals(released.phoneNumber(), agents.get(owner, "ag-2").phoneNumber());
    }

    @Test
    void abandonClaim_removesTheNumber_andFreesTheAgent() {
        Agent before = newAgent("ag-1");
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");
        numbers.claim(record);

        numbers.abandonClaim(record);

        assertTrue(numbers.find(record.phoneNumber()).isEmpty());
        Agent after = agents.get(owner, "ag-1");
        assertNull(after.phoneNumber());
        assertEquals(before.version() + 2, after.version(), "claim and abandon each move the agent's version");
    }

    // ---------------------------------------------------------------- update

    @Test
    void update_atTheStoredVersion_appliesSetsAndRemoves_andReturnsTheRecordAsWritten() {
        newAgent("ag-1");
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");
        numbers.claim(record);
        Map<String, AttributeValue> changes = new HashMap<>();
        changes.put(NumberStore.STATUS, AttributeValue.fromS(NumberStatus.FAILED.name()));
        changes.put(NumberStore.SID, null);

        NumberRecord written = numbers.update(record, changes).orElseThrow();

        assertEquals(NumberStatus.FAILED, written.status());
        assertNull(written.twilioSid(), "a null change removes the attribute");
        assertEquals(record.version() + 1, written.version());
        assertEquals(written, numbers.find(record.phoneNumber()).orElseThrow());
    }

    @Test
    void update_atAStaleVersion_returnsEmpty_andChangesNothing() {
        newAgent("ag-1");
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");
        numbers.claim(record);
        NumberRecord first = numbers.update(record, Map.of(NumberStore.ATTEMPT, AttributeValue.fromN("2")))
                .orElseThrow();

        Optional<NumberRecord> second = numbers.update(record,
                Map.of(NumberStore.STATUS, AttributeValue.fromS(NumberStatus.FAILED.name())));

        assertTrue(second.isEmpty(), "the second writer read version " + record.version());
        assertEquals(first, numbers.find(record.phoneNumber()).orElseThrow());
    }

    // ---------------------------------------------------------------- steps

    @Test
    void recordStep_byTheOwningExecution_recordsTheStep_andMovesTheVersion() {
        newAgent("ag-1");
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");
        numbers.claim(record);
        NumberRecord.StepState done =
                new NumberRecord.StepState("SUCCEEDED", StoreFixtures.now(), "TK123", null, null, null);

        assertTrue(numbers.recordStep(record.phoneNumber(), "exec-1", "EnsureTwilioTrunk", done));

        NumberRecord after = numbers.find(record.phoneNumber()).orElseThrow();
        assertEquals(done, after.steps().get("EnsureTwilioTrunk"));
        assertEquals(record.version() + 1, after.version());
    }

    @Test
    void recordStep_byASupersededExecution_isRefused_andChangesNothing() {
        newAgent("ag-1");
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-2");
        numbers.claim(record);
        NumberRecord.StepState late = new NumberRecord.StepState("FAILED", StoreFixtures.now(), null, "20003",
                "Authenticate", "twilio");

        assertFalse(numbers.recordStep(record.phoneNumber(), "exec-1", "EnsureTwilioTrunk", late));

        assertEquals(record, numbers.find(record.phoneNumber()).orElseThrow());
    }

    @Test
    void recordStep_keepsEarlierSteps() {
        newAgent("ag-1");
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");
        numbers.claim(record);
        Instant t = StoreFixtures.now();

        numbers.recordStep(record.phoneNumber(), "exec-1", "EnsureTwilioTrunk",
                new NumberRecord.StepState("SUCCEEDED", t, "TK1", null, null, null));
        numbers.recordStep(record.phoneNumber(), "exec-1", "EnsureInboundTrunk",
                new NumberRecord.StepState("SUCCEEDED", t, "ST_1", null, null, null));

        assertEquals(new TreeSet<>(List.of("EnsureInboundTrunk", "EnsureTwilioTrunk")),
                new TreeSet<>(numbers.find(record.phoneNumber()).orElseThrow().steps().keySet()));
    }

    @Test
    void finishStepAndRead_answersTheRecordAsStored_orNothingWhenRefused() {
        newAgent("ag-1");
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");
        numbers.claim(record);
        Map<String, AttributeValue> arn = Map.of(NumberStore.EXECUTION_ARN, AttributeValue.fromS("arn:x:exec-1"));

        assertEquals(Optional.empty(),
                numbers.finishStepAndRead(record.phoneNumber(), "exec-0", NumberStatus.PROVISIONING, arn));
        NumberRecord written = numbers.finishStepAndRead(record.phoneNumber(), "exec-1", NumberStatus.PROVISIONING,
                arn).orElseThrow();
        assertEquals(numbers.find(record.phoneNumber()).orElseThrow(), written, "the answer is the stored record");
        assertEquals("arn:x:exec-1", written.executionArn());
        assertEquals(record.version() + 1, written.version());
    }

    @Test
    void finishStep_setsFieldsOnlyForTheOwningExecutionInTheExpectedStatus() {
        newAgent("ag-1");
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");
        numbers.claim(record);
        Map<String, AttributeValue> active =
                Map.of(NumberStore.STATUS, AttributeValue.fromS(NumberStatus.ACTIVE.name()));

        assertFalse(numbers.finishStep(record.phoneNumber(), "exec-0", NumberStatus.PROVISIONING, active));
        assertFalse(numbers.finishStep(record.phoneNumber(), "exec-1", NumberStatus.RELEASING, active));
        assertEquals(record, numbers.find(record.phoneNumber()).orElseThrow());

        assertTrue(numbers.finishStep(record.phoneNumber(), "exec-1", NumberStatus.PROVISIONING, active));
        NumberRecord after = numbers.find(record.phoneNumber()).orElseThrow();
        assertEquals(NumberStatus.ACTIVE, after.status());
        assertEquals(record.version() + 1, after.version());
    }

    // ---------------------------------------------------------------- release

    @Test
    void markReleased_byTheReleasingExecution_releasesTheNumber_andFreesTheAgent() {
        Agent before = newAgent("ag-1");
        NumberRecord releasing = claimAndStartRelease("ag-1");

        assertTrue(numbers.markReleased(releasing, releasing.execution()));

        NumberRecord after = numbers.find(releasing.phoneNumber()).orElseThrow();
        assertEquals(NumberStatus.RELEASED, after.status());
        assertEquals(owner, after.owner(), "a released number stays with its owner");
        assertNull(after.agentId());
        Agent agent = agents.get(owner, "ag-1");
        assertNull(agent.phoneNumber());
        assertEquals(before.version() + 2, agent.version());
    }

    @Test
    void markReleased_byAnotherExecution_isRefused_andKeepsNumberAndAgent() {
        newAgent("ag-1");
        NumberRecord releasing = claimAndStartRelease("ag-1");

        assertFalse(numbers.markReleased(releasing, "exec-stale"));

        assertEquals(releasing, numbers.find(releasing.phoneNumber()).orElseThrow());
        assertEquals(releasing.phoneNumber(), agents.get(owner, "ag-1").phoneNumber());
    }

    @Test
    void markReleased_ofANumberThatIsNotReleasing_isRefused() {
        newAgent("ag-1");
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");
        numbers.claim(record);

        assertFalse(numbers.markReleased(record, "exec-1"));

        assertEquals(NumberStatus.PROVISIONING, numbers.find(record.phoneNumber()).orElseThrow().status());
        assertEquals(record.phoneNumber(), agents.get(owner, "ag-1").phoneNumber());
    }

    // ---------------------------------------------------------------- reassign

    @Test
    void reassign_movesTheNumberToTheTarget_andFreesTheSource_inOneTransaction() {
        Agent source = newAgent("ag-1");
        Agent target = newAgent("ag-2");
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");
        numbers.claim(record);

        assertTrue(numbers.reassign(record, agents.get(owner, "ag-2")));

        NumberRecord after = numbers.find(record.phoneNumber()).orElseThrow();
        assertEquals("ag-2", after.agentId());
        assertEquals(record.version() + 1, after.version());
        assertNull(agents.get(owner, "ag-1").phoneNumber());
        assertEquals(source.version() + 2, agents.get(owner, "ag-1").version());
        assertEquals(record.phoneNumber(), agents.get(owner, "ag-2").phoneNumber());
        assertEquals(target.version() + 1, agents.get(owner, "ag-2").version());
    }

    @Test
    void reassign_toAnAgentThatHoldsANumber_isRefused_andChangesNothing() {
        newAgent("ag-1");
        newAgent("ag-2");
        NumberRecord mine = claimed(newPhone(), owner, "ag-1", "exec-1");
        NumberRecord theirs = claimed(newPhone(), owner, "ag-2", "exec-2");
        numbers.claim(mine);
        numbers.claim(theirs);
        Agent sourceBefore = agents.get(owner, "ag-1");
        Agent targetBefore = agents.get(owner, "ag-2");

        assertFalse(numbers.reassign(mine, agents.get(owner, "ag-2")));

        assertEquals(mine, numbers.find(mine.phoneNumber()).orElseThrow());
        assertEquals(sourceBefore, agents.get(owner, "ag-1"));
        assertEquals(targetBefore, agents.get(owner, "ag-2"));
    }

    @Test
    void reassign_fromAStaleRead_isRefused_andChangesNothing() {
        newAgent("ag-1");
        newAgent("ag-2");
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");
        numbers.claim(record);
        NumberRecord moved = numbers.update(record, Map.of(NumberStore.ATTEMPT, AttributeValue.fromN("2")))
                .orElseThrow();
        Agent targetBefore = agents.get(owner, "ag-2");

        assertFalse(numbers.reassign(record, agents.get(owner, "ag-2")));

        assertEquals(moved, numbers.find(record.phoneNumber()).orElseThrow());
        assertEquals(targetBefore, agents.get(owner, "ag-2"));
    }

    // ---------------------------------------------------------------- listing

    @Test
    void listByOwner_withCursor_pagesThroughTheOwnersNumbersOnce_inNumberOrder() {
        List<String> phones = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            newAgent("ag-" + i);
            NumberRecord r = claimed(newPhone(), owner, "ag-" + i, "exec-" + i);
            numbers.claim(r);
            phones.add(r.phoneNumber());
        }
        String other = newOwner();
        agents.create(agent(other, "ag-x", "Theirs"));
        numbers.claim(claimed(newPhone(), other, "ag-x", "exec-x"));
        phones.sort(null);
        awaitIndexed(phones.size());

        List<String> seen = new ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            Page<NumberRecord> page = numbers.listByOwner(owner, 2, cursor);
            assertTrue(page.items().size() <= 2, "a page holds at most the limit");
            page.items().forEach(r -> seen.add(r.phoneNumber()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);

        assertNull(cursor, "the listing ends");
        assertEquals(phones, seen, "every number once, in index sort-key order, none of another owner's");
        assertTrue(pages >= 3, "five numbers at two per page take at least three pages, took " + pages);
    }

    @Test
    void routedNumbers_pagesThroughEveryActiveAndProvisioningNumberOnce_ofEveryOwner_andNoOther() {
        List<String> routed = new ArrayList<>();
        List<String> notRouted = new ArrayList<>();
        NumberStatus[] statuses = {NumberStatus.ACTIVE, NumberStatus.PROVISIONING, NumberStatus.FAILED,
                NumberStatus.ACTIVE, NumberStatus.RELEASING, NumberStatus.PROVISIONING, NumberStatus.ACTIVE};
        for (int i = 0; i < statuses.length; i++) {
            String who = i % 2 == 0 ? owner : newOwner();
            agents.create(agent(who, "ag-r" + i, "Agent " + i));
            NumberRecord r = claimed(newPhone(), who, "ag-r" + i, "exec-r" + i);
            numbers.claim(r);
            if (statuses[i] != NumberStatus.PROVISIONING) {
                numbers.update(r, Map.of(NumberStore.STATUS, AttributeValue.fromS(statuses[i].name()))).orElseThrow();
            }
            (statuses[i] == NumberStatus.ACTIVE || statuses[i] == NumberStatus.PROVISIONING ? routed : notRouted)
                    .add(r.phoneNumber());
        }

        // Other tests' numbers share the table: every page is read, and this test's numbers are looked for in it.
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        do {
            seen.clear();
            cursor = null;
            pages = 0;
            do {
                Page<String> page = numbers.routedNumbers(2, cursor);
                assertTrue(page.items().size() <= 2, "a page holds at most the limit");
                seen.addAll(page.items());
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null && pages < 10_000);
            if (seen.containsAll(routed)) {
                break; // the index has caught up (it lags its table in DynamoDB)
            }
            sleep();
        } while (Instant.now().isBefore(deadline));

        assertNull(cursor, "the listing ends");
        assertEquals(seen.size(), new java.util.HashSet<>(seen).size(), "no number twice");
        assertTrue(seen.containsAll(routed), "every ACTIVE and PROVISIONING number, of both owners: " + seen);
        assertTrue(notRouted.stream().noneMatch(seen::contains), "no FAILED or RELEASING number");
        assertEquals(seen, numbers.routedNumbers(), "the whole list is the pages together");
    }

    // ---------------------------------------------------------------- helpers

    private Agent newAgent(String id) {
        agents.create(agent(owner, id, "Agent " + id));
        return agents.get(owner, id);
    }

    /** A claimed number moved into RELEASING by a release execution, as the release flow does before its steps. */
    private NumberRecord claimAndStartRelease(String agentId) {
        NumberRecord record = claimed(newPhone(), owner, agentId, "exec-provision");
        numbers.claim(record);
        return numbers.update(record, Map.of(
                NumberStore.STATUS, AttributeValue.fromS(NumberStatus.RELEASING.name()),
                NumberStore.OPERATION, AttributeValue.fromS("release"),
                NumberStore.EXECUTION, AttributeValue.fromS("exec-release"))).orElseThrow();
    }

    private NumberRecord release(NumberRecord releasing) {
        assertTrue(numbers.markReleased(releasing, releasing.execution()));
        return numbers.find(releasing.phoneNumber()).orElseThrow();
    }

    /**
     * Global secondary indexes are eventually consistent in DynamoDB (both emulators happen to update them at
     * once); waiting for the owner's full count keeps this contract valid against a real table too.
     */
    private void awaitIndexed(int expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        int seen;
        do {
            seen = numbers.listByOwner(owner, 100, null).items().size();
            if (seen == expected) {
                return;
            }
            sleep();
        } while (Instant.now().isBefore(deadline));
        assertEquals(expected, seen, "numbers visible in the ByOwner index");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
