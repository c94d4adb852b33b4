package com.arkenos.localstack.contract;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.core.errors.TelephonyException;
import com.arkenos.telephony.core.http.HttpErrors;
import com.arkenos.telephony.core.store.Page;
import com.arkenos.telephony.numbers.NumberStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static com.arkenos.localstack.contract.StoreFixtures.AGENTS_TABLE;
import static com.arkenos.localstack.contract.StoreFixtures.NUMBERS_TABLE;
import static com.arkenos.localstack.contract.StoreFixtures.agent;
import static com.arkenos.localstack.contract.StoreFixtures.claimed;
import static com.arkenos.localstack.contract.StoreFixtures.newOwner;
import static com.arkenos.localstack.contract.StoreFixtures.newPhone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link AgentStore} promises, checked against a real DynamoDB API: the same source runs on DynamoDB Local in
 * every build and on LocalStack where Docker runs, so a behaviour that only one emulator has shows up as a
 * difference between the two runs.
 */
public abstract class AgentStoreContract {
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

    @Test
    void create_thenFind_returnsTheAgentAsWritten() {
        Agent written = agent(owner, "ag-1", "Reception");
        written.config().putObject("webhooks").put("post_call", "https://example.com/hook");

        agents.create(written);

        assertEquals(written, agents.find(owner, "ag-1").orElseThrow());
    }

    @Test
    void create_whenTheIdExists_isRefusedAsConflict_andKeepsTheFirst() {
        agents.create(agent(owner, "ag-1", "First"));

        TelephonyException e = assertThrows(TelephonyException.class,
                () -> agents.create(agent(owner, "ag-1", "Second")));

        assertEquals(409, HttpErrors.status(e));
        assertEquals("agent_exists", e.code());
        assertEquals("First", agents.get(owner, "ag-1").name());
    }

    @Test
    void find_ofAnotherOwnersAgent_isEmpty() {
        agents.create(agent(owner, "ag-1", "Mine"));

        assertTrue(agents.find(newOwner(), "ag-1").isEmpty());
        TelephonyException e = assertThrows(TelephonyException.class, () -> agents.get(newOwner(), "ag-1"));
        assertEquals(404, HttpErrors.status(e));
    }

    @Test
    void list_withCursor_pagesThroughEveryAgentOnceInIdOrder() {
        List<String> ids = IntStream.rangeClosed(1, 5).mapToObj(i -> "ag-" + i).toList();
        ids.forEach(id -> agents.create(agent(owner, id, "Agent " + id)));
        agents.create(agent(newOwner(), "ag-0", "Someone else's"));

        List<String> seen = new ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            Page<Agent> page = agents.list(owner, 2, cursor);
            assertTrue(page.items().size() <= 2, "a page holds at most the limit");
            page.items().forEach(a -> seen.add(a.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);

        assertNull(cursor, "the listing ends");
        assertEquals(ids, seen, "every agent once, in sort-key order, none of another owner's");
        assertTrue(pages >= 3, "five agents at two per page take at least three pages, took " + pages);
    }

    @Test
    void list_withAnotherOwnersCursor_staysInTheCallersPartition() {
        agents.create(agent(owner, "ag-1", "A1"));
        agents.create(agent(owner, "ag-2", "A2"));
        String other = newOwner();
        agents.create(agent(other, "ag-3", "B3"));
        String cursor = agents.list(owner, 1, null).nextCursor();
        assertNotNull(cursor);

        Page<Agent> page = agents.list(other, 10, cursor);

        assertEquals(List.of("ag-3"), page.items().stream().map(Agent::id).toList());
        assertTrue(page.items().stream().allMatch(a -> a.owner().equals(other)));
    }

    @Test
    void update_atTheStoredVersion_writesNameActiveAndConfig_butNotThePhoneNumber() {
        agents.create(agent(owner, "ag-1", "Before"));
        String phone = newPhone();
        numbers.claim(claimed(phone, owner, "ag-1", "exec-1"));
        Agent stored = agents.get(owner, "ag-1");
        Agent changed = new Agent(stored.id(), owner, "After", false, Json.object().put("voice_id", "v-2"),
                null, stored.createdAt(), StoreFixtures.now(), stored.version() + 1);

        agents.update(changed, stored.version());

        Agent after = agents.get(owner, "ag-1");
        assertEquals("After", after.name());
        assertEquals(false, after.active());
        assertEquals(Json.object().put("voice_id", "v-2"), after.config());
        assertEquals(stored.version() + 1, after.version());
        assertEquals(phone, after.phoneNumber(), "the number lifecycle owns phone_number; update leaves it");
    }

    @Test
    void update_atAStaleVersion_isRefusedAsVersionConflict_andChangesNothing() {
        agents.create(agent(owner, "ag-1", "Before"));
        Agent stored = agents.get(owner, "ag-1");
        agents.update(rename(stored, "First writer"), stored.version());

        TelephonyException e = assertThrows(TelephonyException.class,
                () -> agents.update(rename(stored, "Second writer"), stored.version()));

        assertEquals(409, HttpErrors.status(e));
        assertEquals("version_conflict", e.code());
        assertEquals("First writer", agents.get(owner, "ag-1").name());
    }

    @Test
    void update_ofAnAgentThatDoesNotExist_isRefused_andCreatesNothing() {
        Agent ghost = agent(owner, "ag-ghost", "Ghost");

        TelephonyException e = assertThrows(TelephonyException.class, () -> agents.update(ghost, 1));

        assertEquals(409, HttpErrors.status(e));
        assertTrue(agents.find(owner, "ag-ghost").isEmpty(), "a conditional update must not upsert");
    }

    @Test
    void delete_ofAnAgentWithoutNumber_removesIt() {
        agents.create(agent(owner, "ag-1", "Short-lived"));

        agents.delete(owner, "ag-1");

        assertTrue(agents.find(owner, "ag-1").isEmpty());
    }

    @Test
    void delete_whileTheAgentHoldsANumber_isRefusedNamingTheNumber_andKeepsTheAgent() {
        agents.create(agent(owner, "ag-1", "Busy"));
        String phone = newPhone();
        numbers.claim(claimed(phone, owner, "ag-1", "exec-1"));

        TelephonyException e = assertThrows(TelephonyException.class, () -> agents.delete(owner, "ag-1"));

        assertEquals(409, HttpErrors.status(e));
        assertEquals("agent_has_number", e.code());
        assertTrue(e.getMessage().contains(phone), e.getMessage());
        assertEquals(phone, agents.get(owner, "ag-1").phoneNumber());
    }

    @Test
    void delete_ofAnAgentThatDoesNotExist_isNotFound() {
        TelephonyException e = assertThrows(TelephonyException.class, () -> agents.delete(owner, "ag-missing"));

        assertEquals(404, HttpErrors.status(e));
    }

    @Test
    void agentsOfDifferentOwners_withTheSameId_areIndependent() {
        String other = newOwner();
        agents.create(agent(owner, "ag-1", "Mine"));
        agents.create(agent(other, "ag-1", "Theirs"));

        agents.delete(other, "ag-1");

        assertEquals("Mine", agents.get(owner, "ag-1").name());
        Set<String> listed = new HashSet<>();
        agents.list(owner, 10, null).items().forEach(a -> listed.add(a.name()));
        assertEquals(Set.of("Mine"), listed);
    }

    private static Agent rename(Agent a, String name) {
        return new Agent(a.id(), a.owner(), name, a.active(), a.config(), a.phoneNumber(), a.createdAt(),
                StoreFixtures.now(), a.version() + 1);
    }
}
