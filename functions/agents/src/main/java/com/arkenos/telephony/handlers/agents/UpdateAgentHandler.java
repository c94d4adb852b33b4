package com.arkenos.telephony.handlers.agents;

import com.arkenos.telephony.agents.AgentsService;
import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.JsonBody;
import com.arkenos.telephony.wiring.AgentsWiring;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.Set;

/** {@code PATCH /api/agents/{id}}: changes what the body names, at the version it read ({@code version}/If-Match). */
public class UpdateAgentHandler extends HttpFunction {
    private static final Set<String> FIELDS = Set.of("name", "description", "type", "agent_mode", "active",
            "is_active", "config", "user_id", "version");
    private static final Set<String> PROFILE_FIELDS = Set.of("description", "type", "agent_mode");
    private final AgentsService agents;

    public UpdateAgentHandler() {
        this(AgentsWiring.current().agents());
    }

    public UpdateAgentHandler(AgentsService agents) {
        super("PATCH /api/agents/{id}");
        this.agents = agents;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        Agent current = agents.get(req.owner(), AgentRequests.agentId(req));
        JsonBody body = req.jsonBody(AgentRequests.MAX_AGENT_BODY).allowOnly(FIELDS);
        AgentRequests.requireCaller(body, current.owner());
        Optional<Long> expected = AgentRequests.expectedVersion(req, body);
        if (!body.has("name") && !body.has("active") && !body.has("is_active") && !body.has("config")
                && PROFILE_FIELDS.stream().noneMatch(body::has)) {
            throw ApiError.badRequest("empty_patch", "nothing to change: send name, description, type, agent_mode,"
                    + " active or config");
        }
        Optional<String> name = body.optionalString("name", 200);
        Optional<Boolean> active = AgentRequests.activeFlag(body);
        Optional<ObjectNode> config = Optional.empty();
        if (body.has("config")) {
            config = Optional.of(body.optionalObject("config").orElseThrow(() ->
                    ApiError.badRequest("invalid_type", "'config' must be a JSON object")));
        }
        Agent.Profile profile = AgentRequests.profile(body, current.profile());
        return HttpResponse.ok(agents.update(current, new AgentsService.Changes(name, active, config, profile,
                expected)).toJson());
    }
}
