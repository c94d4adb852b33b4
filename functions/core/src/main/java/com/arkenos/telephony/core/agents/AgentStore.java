package com.arkenos.telephony.core.agents;

import com.arkenos.telephony.core.http.JsonTrees;
import com.arkenos.telephony.core.errors.ConflictException;
import com.arkenos.telephony.core.errors.NotFoundException;
import com.arkenos.telephony.core.store.Cursors;
import com.arkenos.telephony.core.store.Page;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Agents in DynamoDB, keyed (owner_id, agent_id): an owner's agents are one partition, so another owner's agent is
 * simply not found, and listing is a Query, never a scan.
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

    private final DynamoDbClient dynamo;
    private final String table;

    public AgentStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String table() {
        return table;
    }

    public static Map<String, AttributeValue> key(String owner, String agentId) {
        return Map.of(OWNER, AttributeValue.fromS(owner), ID, AttributeValue.fromS(agentId));
    }

    public void create(Agent agent) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.putAll(key(agent.owner(), agent.id()));
        item.put(NAME, AttributeValue.fromS(agent.name()));
        item.put(ACTIVE, AttributeValue.fromBool(agent.active()));
        item.put(CONFIG, AttributeValue.fromS(JsonTrees.write(agent.config())));
        item.put(CREATED, AttributeValue.fromS(agent.createdAt().toString()));
        item.put(UPDATED, AttributeValue.fromS(agent.updatedAt().toString()));
        item.put(VERSION, AttributeValue.fromN(Long.toString(agent.version())));
        item.putAll(profileItem(agent.profile()));
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(" + ID + ")").build());
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException("agent_exists", "an agent with this id already exists");
        }
    }

    public Optional<Agent> find(String owner, String agentId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(key(owner, agentId)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    public Agent get(String owner, String agentId) {
        return find(owner, agentId).orElseThrow(() -> new NotFoundException("agent not found"));
    }

    /**
     * Any owner's agent by its id, through the {@value #BY_ID} index (eventually consistent): only for the agent
     * worker, which reads the config of the agent a call was routed to.
     */
    public Optional<Agent> findAnyOwner(String agentId) {
        QueryResponse r = dynamo.query(QueryRequest.builder().tableName(table).indexName(BY_ID)
                .keyConditionExpression("#id = :id").expressionAttributeNames(Map.of("#id", ID))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(agentId))).limit(1).build());
        return r.items().stream().findFirst().map(AgentStore::fromItem);
    }

    public Page<Agent> list(String owner, int limit, String cursor) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table)
                .keyConditionExpression("#o = :o")
                .expressionAttributeNames(Map.of("#o", OWNER))
                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(owner)))
                .limit(limit);
        if (cursor != null) {
            Map<String, AttributeValue> start = new HashMap<>(Cursors.decode(cursor, Set.of(ID)));
            start.put(OWNER, AttributeValue.fromS(owner));
            q.exclusiveStartKey(start);
        }
        QueryResponse r = dynamo.query(q.build());
        List<Agent> agents = r.items().stream().map(AgentStore::fromItem).toList();
        return new Page<>(agents, r.hasLastEvaluatedKey() ? Cursors.encode(r.lastEvaluatedKey(), Set.of(ID)) : null);
    }

    /**
     * Writes name, active flag, config and profile if the stored version is still {@code expectedVersion};
     * phone_number is left alone because the number lifecycle owns it.
     */
    public void update(Agent agent, long expectedVersion) {
        Map<String, String> names = new HashMap<>(Map.of("#n", NAME, "#a", ACTIVE, "#c", CONFIG, "#u", UPDATED,
                "#v", VERSION, "#id", ID, "#t", TYPE, "#m", MODE, "#d", DESCRIPTION));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":n", AttributeValue.fromS(agent.name()),
                ":a", AttributeValue.fromBool(agent.active()),
                ":c", AttributeValue.fromS(JsonTrees.write(agent.config())),
                ":u", AttributeValue.fromS(agent.updatedAt().toString()),
                ":nv", AttributeValue.fromN(Long.toString(agent.version())),
                ":ev", AttributeValue.fromN(Long.toString(expectedVersion)),
                ":t", AttributeValue.fromS(agent.profile().type()),
                ":m", AttributeValue.fromS(agent.profile().agentMode())));
        String description = agent.profile().description();
        if (description != null) {
            values.put(":d", AttributeValue.fromS(description));
        }
        String update = "SET #n = :n, #a = :a, #c = :c, #u = :u, #v = :nv, #t = :t, #m = :m"
                + (description == null ? " REMOVE #d" : ", #d = :d");
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(agent.owner(), agent.id()))
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(#id) AND #v = :ev")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .build());
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException("version_conflict", "the agent was changed by another request; reload and retry");
        }
    }

    /** Deletes an agent that holds no number. */
    public void delete(String owner, String agentId) {
        try {
            dynamo.deleteItem(DeleteItemRequest.builder().tableName(table).key(key(owner, agentId))
                    .conditionExpression("attribute_exists(#id) AND attribute_not_exists(#p)")
                    .expressionAttributeNames(Map.of("#id", ID, "#p", PHONE))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build());
        } catch (ConditionalCheckFailedException e) {
            if (e.item() == null || e.item().isEmpty()) {
                throw new NotFoundException("agent not found");
            }
            throw new ConflictException("agent_has_number", "the agent holds " + e.item().get(PHONE).s()
                    + "; release the number (POST /api/telephony/numbers/release) before deleting the agent");
        }
    }

    public static Agent fromItem(Map<String, AttributeValue> item) {
        return new Agent(item.get(ID).s(), item.get(OWNER).s(), item.get(NAME).s(),
                item.containsKey(ACTIVE) && Boolean.TRUE.equals(item.get(ACTIVE).bool()),
                parseConfig(item.get(CONFIG)),
                item.containsKey(PHONE) ? item.get(PHONE).s() : null,
                Instant.parse(item.get(CREATED).s()), Instant.parse(item.get(UPDATED).s()),
                Long.parseLong(item.get(VERSION).n()),
                new Agent.Profile(text(item, DESCRIPTION, null), text(item, TYPE, Agent.Profile.DEFAULT.type()),
                        text(item, MODE, Agent.Profile.DEFAULT.agentMode())));
    }

    /** Agents stored before profiles existed read as the default profile. */
    private static String text(Map<String, AttributeValue> item, String attribute, String otherwise) {
        AttributeValue v = item.get(attribute);
        return v == null || v.s() == null ? otherwise : v.s();
    }

    private static Map<String, AttributeValue> profileItem(Agent.Profile p) {
        Map<String, AttributeValue> out = new HashMap<>();
        out.put(TYPE, AttributeValue.fromS(p.type()));
        out.put(MODE, AttributeValue.fromS(p.agentMode()));
        if (p.description() != null) {
            out.put(DESCRIPTION, AttributeValue.fromS(p.description()));
        }
        return out;
    }

    private static ObjectNode parseConfig(AttributeValue v) {
        if (v == null || v.s() == null) {
            return JsonTrees.object();
        }
        try {
            JsonNode n = JsonTrees.read(v.s());
            return n instanceof ObjectNode o ? o : JsonTrees.object();
        } catch (IOException e) {
            throw new IllegalStateException("stored agent config is not JSON", e);
        }
    }
}
