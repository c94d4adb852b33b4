package com.arkenos.telephony.agents;

import com.arkenos.telephony.core.Ids;
import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.agents.AgentConfig;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.core.errors.ConflictException;
import com.arkenos.telephony.core.errors.NotFoundException;
import com.arkenos.telephony.core.store.Page;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agents' rules: an owner's agents, versioned (an update names the version it read), each answered with its
 * number's Twilio SID; the agent worker reads any owner's agent by id.
 */
public final class AgentsService {
    private final AgentStore agents;
    private final NumberSids sids;
    private final Clock clock;

    public AgentsService(AgentStore agents, NumberSids sids, Clock clock) {
        this.agents = agents;
        this.sids = sids;
        this.clock = clock;
    }

    /** An agent and the Twilio SID of its number (null without one). */
    public record Shown(Agent agent, String numberSid) {
        public ObjectNode toJson() {
            return agent.toJson(numberSid);
        }
    }

    /** A page of agents with their numbers' SIDs. */
    public record Listing(List<Shown> agents, String nextCursor) {
    }

    /** What an update changes; an empty field keeps the agent's value. */
    public record Changes(Optional<String> name, Optional<Boolean> active, Optional<ObjectNode> config,
                          Agent.Profile profile, Optional<Long> expectedVersion) {
    }

    /** Creates an agent from a validated {@code config} ({@link AgentConfig#validate}). */
    public Agent create(String owner, String name, boolean active, ObjectNode config, Agent.Profile profile) {
        Instant now = now();
        Agent agent = new Agent(Ids.uuid(), owner, name, active, config, null, now, now, 1, profile);
        agents.create(agent);
        return agent;
    }

    public Listing list(String owner, int limit, String cursor) {
        Page<Agent> page = agents.list(owner, limit, cursor);
        Map<String, String> numberSids = sids.of(page.items());
        return new Listing(page.items().stream().map(a -> new Shown(a, numberSids.get(a.phoneNumber()))).toList(),
                page.nextCursor());
    }

    public Agent get(String owner, String agentId) {
        return agents.get(owner, agentId);
    }

    public Shown show(String owner, String agentId) {
        return shown(agents.get(owner, agentId));
    }

    /** For the agent worker: any owner's agent, read-only. */
    public Shown showAnyOwner(String agentId) {
        return shown(agents.findAnyOwner(agentId).orElseThrow(() -> new NotFoundException("agent not found")));
    }

    /** Applies {@code changes} to the agent at the version they name (or the current one). */
    public Shown update(Agent current, Changes changes) {
        long expected = changes.expectedVersion().orElse(current.version());
        if (expected != current.version()) {
            throw new ConflictException("version_conflict", "the agent is at version " + current.version()
                    + ", not " + expected + "; reload and retry");
        }
        ObjectNode config = changes.config()
                .map(patch -> AgentConfig.validate(AgentConfig.merge(current.config(), patch)))
                .orElse(current.config());
        Agent updated = new Agent(current.id(), current.owner(), changes.name().orElse(current.name()),
                changes.active().orElse(current.active()), config, current.phoneNumber(), current.createdAt(), now(),
                current.version() + 1, changes.profile());
        agents.update(updated, expected);
        return shown(updated);
    }

    public void delete(String owner, String agentId) {
        agents.delete(owner, agentId);
    }

    private Shown shown(Agent agent) {
        return new Shown(agent, agent.phoneNumber() == null ? null : sids.of(List.of(agent)).get(agent.phoneNumber()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
