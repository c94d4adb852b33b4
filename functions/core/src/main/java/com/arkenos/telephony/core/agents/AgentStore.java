package com.arkenos.telephony.core.agents;

import com.arkenos.telephony.core.errors.ConflictException;
import com.arkenos.telephony.core.errors.NotFoundException;
import com.arkenos.telephony.core.aws.Tables;
import com.arkenos.telephony.core.numbers.NumberAttributes;
import com.arkenos.telephony.core.numbers.NumberRoute;
import com.arkenos.telephony.core.store.Cursors;
import com.arkenos.telephony.core.store.Enhanced;
import com.arkenos.telephony.core.store.Page;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactUpdateItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Agents in DynamoDB, keyed (owner_id, agent_id): an owner's agents are one partition, so another owner's agent is
 * simply not found, and listing is a Query, never a scan. Read and written through the Enhanced Client with the
 * static schemas of {@link AgentItem}.
 */
public final class AgentStore {
    public static final String OWNER = "owner_id";
    public static final String ID = "agent_id";
    public static final String NAME = "name";
    public static final String ACTIVE = "active";
    public static final String CONFIG = "config";
    public static final String PHONE = "phone_number";
    public static final String CREATED = "created_at";
    public static final String UPDATED = "updated_at";
    public static final String VERSION = "version";
    public static final String DESCRIPTION = "description";
    public static final String TYPE = "type";
    public static final String MODE = "agent_mode";
    /** Agents by id alone, for the agent worker, which knows an agent's id but not its owner. */
    public static final String BY_ID = "ById";

    private final String table;
    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<AgentItem> agents;
    private final DynamoDbTable<AgentItem> changes;
    private final DynamoDbTable<NumberRoute> routes;

    /**
     * @param numbersTable where the number an agent holds keeps its copy of the agent ({@link NumberRoute}), which
     *                     every update writes with the agent
     */
    public AgentStore(DynamoDbClient dynamo, String table, String numbersTable) {
        this.table = table;
        this.enhanced = Enhanced.client(dynamo);
        this.agents = enhanced.table(table, AgentItem.SCHEMA);
        this.changes = enhanced.table(table, AgentItem.CHANGES);
        this.routes = enhanced.table(numbersTable, NumberRoute.SCHEMA);
    }

    public AgentStore(DynamoDbClient dynamo, Tables tables) {
        this(dynamo, tables.agents(), tables.numbers());
    }

    public String table() {
        return table;
    }

    public static Map<String, AttributeValue> key(String owner, String agentId) {
        return Map.of(OWNER, AttributeValue.fromS(owner), ID, AttributeValue.fromS(agentId));
    }

    public void create(Agent agent) {
        try {
            agents.putItem(PutItemEnhancedRequest.builder(AgentItem.class).item(AgentItem.of(agent))
                    .conditionExpression(Enhanced.expression("attribute_not_exists(" + ID + ")", Map.of())).build());
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException("agent_exists", "an agent with this id already exists");
        }
    }

    public Optional<Agent> find(String owner, String agentId) {
        AgentItem item = agents.getItem(GetItemEnhancedRequest.builder().key(Enhanced.key(owner, agentId))
                .consistentRead(true).build());
        return Optional.ofNullable(item).map(AgentItem::agent);
    }

    public Agent get(String owner, String agentId) {
        return find(owner, agentId).orElseThrow(() -> new NotFoundException("agent not found"));
    }

    /**
     * Any owner's agent by its id, through the {@value #BY_ID} index (eventually consistent): only for the agent
     * worker, which reads the config of the agent a call was routed to. One page of one item: one Query.
     */
    public Optional<Agent> findAnyOwner(String agentId) {
        Iterator<software.amazon.awssdk.enhanced.dynamodb.model.Page<AgentItem>> pages = agents.index(BY_ID)
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(Enhanced.key(agentId)))
                        .limit(1).build())
                .iterator();
        return pages.hasNext() ? pages.next().items().stream().findFirst().map(AgentItem::agent) : Optional.empty();
    }

    /** One page of the owner's agents: one Query. */
    public Page<Agent> list(String owner, int limit, String cursor) {
        QueryEnhancedRequest.Builder q = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(Enhanced.key(owner))).limit(limit);
        if (cursor != null) {
            Map<String, AttributeValue> start = new HashMap<>(Cursors.decode(cursor, Set.of(ID)));
            start.put(OWNER, AttributeValue.fromS(owner));
            q.exclusiveStartKey(start);
        }
        software.amazon.awssdk.enhanced.dynamodb.model.Page<AgentItem> page = agents.query(q.build()).iterator().next();
        List<Agent> found = page.items().stream().map(AgentItem::agent).toList();
        return new Page<>(found, Cursors.encode(page.lastEvaluatedKey(), Set.of(ID)));
    }

    /**
     * Writes name, active flag, config and profile if the stored version is still {@code expectedVersion} (a
     * description of null removes it); phone_number is left alone because the number lifecycle owns it, which is
     * why the update is made with {@link AgentItem#CHANGES}, the schema without it. When the agent holds a number
     * ({@code agent.phoneNumber()}, as read at {@code expectedVersion}), the number's copy of the agent is written
     * in the same transaction: a claim or a move of the number changes the agent's version, so the two cannot
     * drift apart.
     */
    public void update(Agent agent, long expectedVersion) {
        Expression atVersion = Enhanced.expression("attribute_exists(#id) AND #v = :ev",
                Map.of("#id", ID, "#v", VERSION), Map.of(":ev", AttributeValue.fromN(Long.toString(expectedVersion))));
        try {
            if (agent.phoneNumber() == null) {
                changes.updateItem(UpdateItemEnhancedRequest.builder(AgentItem.class).item(AgentItem.of(agent))
                        .ignoreNulls(false).conditionExpression(atVersion).returnValues(ReturnValue.NONE).build());
                return;
            }
            enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                    .addUpdateItem(changes, TransactUpdateItemEnhancedRequest.builder(AgentItem.class)
                            .item(AgentItem.of(agent)).ignoreNulls(false).conditionExpression(atVersion).build())
                    .addUpdateItem(routes, TransactUpdateItemEnhancedRequest.builder(NumberRoute.class)
                            .item(NumberRoute.of(agent.phoneNumber(), agent, agent.version()))
                            .conditionExpression(Enhanced.expression("#a = :id", Map.of("#a", NumberAttributes.AGENT),
                                    Map.of(":id", AttributeValue.fromS(agent.id()))))
                            .build())
                    .build());
        } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
            throw new ConflictException("version_conflict",
                    "the agent was changed by another request; reload and retry");
        }
    }

    /** Deletes an agent that holds no number. */
    public void delete(String owner, String agentId) {
        try {
            agents.deleteItem(DeleteItemEnhancedRequest.builder().key(Enhanced.key(owner, agentId))
                    .conditionExpression(Enhanced.expression("attribute_exists(#id) AND attribute_not_exists(#p)",
                            Map.of("#id", ID, "#p", PHONE)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build());
        } catch (ConditionalCheckFailedException e) {
            if (e.item() == null || e.item().isEmpty()) {
                throw new NotFoundException("agent not found");
            }
            throw new ConflictException("agent_has_number", "the agent holds " + e.item().get(PHONE).s()
                    + "; release the number (POST /api/telephony/numbers/release) before deleting the agent");
        }
    }

    /** An agent item (a stream image, a raw read) as an agent. */
    public static Agent fromItem(Map<String, AttributeValue> item) {
        return AgentItem.SCHEMA.mapToItem(item).agent();
    }
}
