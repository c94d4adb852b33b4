package com.arkenos.telephony.core.agents;

import com.arkenos.telephony.core.http.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

import java.io.IOException;
import java.time.Instant;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;

/**
 * An agent as the agents table holds it, attribute for attribute: the config is the JSON object as text and the
 * times are {@link Instant#toString()}, as they always were stored. The schemas are written out here, so nothing is
 * introspected when a store is built.
 */
final class AgentItem {
    String owner;
    String id;
    String name;
    Boolean active;
    String config;
    String phone;
    String createdAt;
    String updatedAt;
    Long version;
    String description;
    String type;
    String mode;

    /** Every attribute of an agent. */
    static final TableSchema<AgentItem> SCHEMA = schema(true);

    /**
     * What {@link AgentStore#update} writes: the key and the attributes a user may change. The number an agent
     * holds ({@code phone_number}) belongs to the number lifecycle and its creation time never changes, so they are
     * not in it and an update leaves them as they are.
     */
    static final TableSchema<AgentItem> CHANGES = schema(false);

    private static TableSchema<AgentItem> schema(boolean whole) {
        StaticTableSchema.Builder<AgentItem> b = StaticTableSchema.builder(AgentItem.class)
                .newItemSupplier(AgentItem::new)
                .addAttribute(String.class, a -> a.name(AgentStore.OWNER).getter(i -> i.owner)
                        .setter((i, v) -> i.owner = v).tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name(AgentStore.ID).getter(i -> i.id)
                        .setter((i, v) -> i.id = v).tags(primarySortKey(), secondaryPartitionKey(AgentStore.BY_ID)))
                .addAttribute(String.class, a -> a.name(AgentStore.NAME).getter(i -> i.name)
                        .setter((i, v) -> i.name = v))
                .addAttribute(Boolean.class, a -> a.name(AgentStore.ACTIVE).getter(i -> i.active)
                        .setter((i, v) -> i.active = v))
                .addAttribute(String.class, a -> a.name(AgentStore.CONFIG).getter(i -> i.config)
                        .setter((i, v) -> i.config = v))
                .addAttribute(String.class, a -> a.name(AgentStore.UPDATED).getter(i -> i.updatedAt)
                        .setter((i, v) -> i.updatedAt = v))
                .addAttribute(Long.class, a -> a.name(AgentStore.VERSION).getter(i -> i.version)
                        .setter((i, v) -> i.version = v))
                .addAttribute(String.class, a -> a.name(AgentStore.DESCRIPTION).getter(i -> i.description)
                        .setter((i, v) -> i.description = v))
                .addAttribute(String.class, a -> a.name(AgentStore.TYPE).getter(i -> i.type)
                        .setter((i, v) -> i.type = v))
                .addAttribute(String.class, a -> a.name(AgentStore.MODE).getter(i -> i.mode)
                        .setter((i, v) -> i.mode = v));
        if (whole) {
            b.addAttribute(String.class, a -> a.name(AgentStore.PHONE).getter(i -> i.phone)
                            .setter((i, v) -> i.phone = v))
                    .addAttribute(String.class, a -> a.name(AgentStore.CREATED).getter(i -> i.createdAt)
                            .setter((i, v) -> i.createdAt = v));
        }
        return b.build();
    }

    /** The item of {@code agent}; its number is left out (only the number lifecycle writes it). */
    static AgentItem of(Agent agent) {
        AgentItem i = new AgentItem();
        i.owner = agent.owner();
        i.id = agent.id();
        i.name = agent.name();
        i.active = agent.active();
        i.config = JsonTrees.write(agent.config());
        i.createdAt = agent.createdAt().toString();
        i.updatedAt = agent.updatedAt().toString();
        i.version = agent.version();
        i.description = agent.profile().description();
        i.type = agent.profile().type();
        i.mode = agent.profile().agentMode();
        return i;
    }

    /** Agents stored before profiles existed read as the default profile. */
    Agent agent() {
        return new Agent(id, owner, name, Boolean.TRUE.equals(active), config(config), phone,
                Instant.parse(createdAt), Instant.parse(updatedAt), version,
                new Agent.Profile(description, type == null ? Agent.Profile.DEFAULT.type() : type,
                        mode == null ? Agent.Profile.DEFAULT.agentMode() : mode));
    }

    private static ObjectNode config(String stored) {
        if (stored == null) {
            return JsonTrees.object();
        }
        try {
            JsonNode n = JsonTrees.read(stored);
            return n instanceof ObjectNode o ? o : JsonTrees.object();
        } catch (IOException e) {
            throw new IllegalStateException("stored agent config is not JSON", e);
        }
    }
}
