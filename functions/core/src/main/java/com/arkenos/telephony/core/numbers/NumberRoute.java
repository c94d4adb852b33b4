package com.arkenos.telephony.core.numbers;

import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.http.JsonTrees;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

/**
 * What the lookup answers about the agent a number routes to (its name, config and active flag), kept on the
 * number's own item so that the agent worker's question during a live call is one read.
 *
 * <p>Every write that gives a number an agent (a claim, a reassign) copies the agent as it was read and is
 * conditioned on that agent's version, and every agent update writes the copy on the number it holds in the same
 * transaction; so the copy is the agent at its current version ({@link #VERSION} equals the agent's
 * {@code version}). A release removes it with the agent. Items written before the copy existed have no
 * {@link #VERSION}; the lookup reads their agent instead, until the agent's next change writes the copy.
 */
public final class NumberRoute {
    public static final String NAME = "route_name";
    public static final String CONFIG = "route_config";
    public static final String ACTIVE = "route_active";
    /** The agent's version the copy was made from. */
    public static final String VERSION = "route_version";
    public static final List<String> ATTRIBUTES = List.of(NAME, CONFIG, ACTIVE, VERSION);

    /** The number's key and the copy, nothing else: an update with it leaves the rest of the number alone. */
    public static final TableSchema<NumberRoute> SCHEMA = StaticTableSchema.builder(NumberRoute.class)
            .newItemSupplier(NumberRoute::new)
            .addAttribute(String.class, a -> a.name(NumberAttributes.PHONE).getter(r -> r.phone)
                    .setter((r, v) -> r.phone = v).tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(NAME).getter(r -> r.name).setter((r, v) -> r.name = v))
            .addAttribute(String.class, a -> a.name(CONFIG).getter(r -> r.config).setter((r, v) -> r.config = v))
            .addAttribute(Boolean.class, a -> a.name(ACTIVE).getter(r -> r.active).setter((r, v) -> r.active = v))
            .addAttribute(Long.class, a -> a.name(VERSION).getter(r -> r.version).setter((r, v) -> r.version = v))
            .build();

    String phone;
    String name;
    String config;
    Boolean active;
    Long version;

    /** The copy of {@code agent} on {@code phone}, at {@code version} (what the write carrying it makes the agent). */
    public static NumberRoute of(String phone, Agent agent, long version) {
        NumberRoute r = new NumberRoute();
        r.phone = phone;
        r.name = agent.name();
        r.config = JsonTrees.write(agent.config());
        r.active = agent.active();
        r.version = version;
        return r;
    }

    /** The copy's attributes, for a low-level write of the number's item. */
    public Map<String, AttributeValue> attributes() {
        Map<String, AttributeValue> out = new HashMap<>(SCHEMA.itemToMap(this, true));
        out.remove(NumberAttributes.PHONE);
        return out;
    }

    /** Whether {@code item} (a number's item) carries a copy. */
    public static boolean present(Map<String, AttributeValue> item) {
        return item.containsKey(VERSION) && item.containsKey(NAME) && item.containsKey(ACTIVE);
    }
}
