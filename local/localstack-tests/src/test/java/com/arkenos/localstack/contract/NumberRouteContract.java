package com.arkenos.localstack.contract;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.core.numbers.NumberAttributes;
import com.arkenos.telephony.core.numbers.NumberRoute;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.numbers.NumberStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;

import static com.arkenos.localstack.contract.StoreFixtures.AGENTS_TABLE;
import static com.arkenos.localstack.contract.StoreFixtures.NUMBERS_TABLE;
import static com.arkenos.localstack.contract.StoreFixtures.agent;
import static com.arkenos.localstack.contract.StoreFixtures.claimed;
import static com.arkenos.localstack.contract.StoreFixtures.newOwner;
import static com.arkenos.localstack.contract.StoreFixtures.newPhone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The number's copy of its agent ({@link NumberRoute}), which the lookup answers from in one read: every write that
 * gives a number an agent or changes that agent leaves the copy equal to the agent at its current version, and a
 * release takes it away. Checked on the stored items themselves.
 */
public abstract class NumberRouteContract {
    private AgentStore agents;
    private NumberStore numbers;
    private String owner;

    protected abstract DynamoDbClient dynamo();

    @BeforeEach
    void stores() {
        agents = new AgentStore(dynamo(), AGENTS_TABLE, NUMBERS_TABLE);
        numbers = new NumberStore(dynamo(), NUMBERS_TABLE, AGENTS_TABLE);
        owner = newOwner();
    }

    @Test
    void aClaim_copiesTheAgent_atTheVersionTheClaimGivesIt() {
        agents.create(agent(owner, "ag-1", "Front desk"));
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");

        numbers.claim(record);

        assertCopyIsTheAgent(record.phoneNumber(), "ag-1");
    }

    @Test
    void aClaimFromAStaleReadOfTheAgent_copiesTheAgentAsItIsNow() {
        agents.create(agent(owner, "ag-1", "Front desk"));
        Agent stale = agents.get(owner, "ag-1");
        Agent renamed = changed(stale, "Night shift", false);
        agents.update(renamed, stale.version());
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");

        numbers.claim(record, stale, Integer.MAX_VALUE);

        assertCopyIsTheAgent(record.phoneNumber(), "ag-1");
        assertEquals("Night shift", item(record.phoneNumber()).get(NumberRoute.NAME).s());
        assertEquals(false, item(record.phoneNumber()).get(NumberRoute.ACTIVE).bool());
    }

    @Test
    void anUpdateOfTheAgent_rewritesTheCopyOnItsNumber_inTheSameWrite() {
        agents.create(agent(owner, "ag-1", "Front desk"));
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");
        numbers.claim(record);
        Agent held = agents.get(owner, "ag-1");

        agents.update(changed(held, "Reception", true), held.version());

        assertCopyIsTheAgent(record.phoneNumber(), "ag-1");
        Map<String, AttributeValue> item = item(record.phoneNumber());
        assertEquals("Reception", item.get(NumberRoute.NAME).s());
        assertTrue(item.get(NumberRoute.CONFIG).s().contains("a changed prompt"), item.get(NumberRoute.CONFIG).s());
        assertEquals(record, numbers.find(record.phoneNumber()).orElseThrow(), "the number's own record is unchanged");
    }

    @Test
    void anUpdateFromAReadMadeBeforeTheClaim_isRefused_andTheCopyStays() {
        agents.create(agent(owner, "ag-1", "Front desk"));
        Agent beforeClaim = agents.get(owner, "ag-1");
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");
        numbers.claim(record);

        assertThrows(RuntimeException.class, () -> agents.update(changed(beforeClaim, "Stale", true),
                beforeClaim.version()));

        assertCopyIsTheAgent(record.phoneNumber(), "ag-1");
        assertEquals("Front desk", item(record.phoneNumber()).get(NumberRoute.NAME).s());
    }

    @Test
    void aReassign_copiesTheTarget_andAReleaseTakesTheCopyAway() {
        agents.create(agent(owner, "ag-1", "Front desk"));
        agents.create(agent(owner, "ag-2", "Night shift"));
        NumberRecord record = claimed(newPhone(), owner, "ag-1", "exec-1");
        numbers.claim(record);
        Agent target = agents.get(owner, "ag-2");
        agents.update(changed(target, "Night desk", true), target.version()); // the reassign's read is now stale

        assertTrue(numbers.reassign(record, target));

        assertCopyIsTheAgent(record.phoneNumber(), "ag-2");
        assertEquals("Night desk", item(record.phoneNumber()).get(NumberRoute.NAME).s());

        NumberRecord moved = numbers.find(record.phoneNumber()).orElseThrow();
        NumberRecord releasing = numbers.update(moved, Map.of(
                NumberStore.STATUS, AttributeValue.fromS(NumberStatus.RELEASING.name()),
                NumberStore.EXECUTION, AttributeValue.fromS("exec-release"))).orElseThrow();
        assertTrue(numbers.markReleased(releasing, "exec-release"));
        Map<String, AttributeValue> released = item(record.phoneNumber());
        for (String a : NumberRoute.ATTRIBUTES) {
            assertFalse(released.containsKey(a), a + " left on a released number: " + released);
        }
    }

    private void assertCopyIsTheAgent(String phone, String agentId) {
        Map<String, AttributeValue> item = item(phone);
        Agent agent = agents.get(owner, agentId);
        assertEquals(agentId, item.get(NumberAttributes.AGENT).s());
        assertEquals(phone, agent.phoneNumber());
        assertEquals(Long.toString(agent.version()), item.get(NumberRoute.VERSION).n(),
                "copy made at the agent's version");
        assertEquals(agent.name(), item.get(NumberRoute.NAME).s());
        assertEquals(agent.active(), item.get(NumberRoute.ACTIVE).bool());
        assertEquals(agent.config(), parse(item.get(NumberRoute.CONFIG).s()));
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("the copied config is not JSON: " + json, e);
        }
    }

    private Map<String, AttributeValue> item(String phone) {
        return dynamo().getItem(b -> b.tableName(NUMBERS_TABLE).consistentRead(true)
                .key(Map.of(NumberAttributes.PHONE, AttributeValue.fromS(phone)))).item();
    }

    private static Agent changed(Agent a, String name, boolean active) {
        return new Agent(a.id(), a.owner(), name, active,
                a.config().deepCopy().put("system_prompt", "a changed prompt"),
                a.phoneNumber(), a.createdAt(), Instant.now(), a.version() + 1, a.profile());
    }
}
