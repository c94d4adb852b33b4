package com.arkenos.telephony.handlers.agents;

import com.arkenos.telephony.agents.AgentsService;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.agents.AgentConfig;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.JsonBody;
import com.arkenos.telephony.wiring.AgentsWiring;

import java.util.Set;

/** {@code POST /api/agents}: a new agent of the caller's. */
public class CreateAgentHandler extends HttpFunction {
    /** The dashboard's create body; {@code user_id} must name the caller. */
    private static final Set<String> FIELDS = Set.of("name", "description", "type", "agent_mode", "active",
            "is_active", "config", "user_id");
    private final AgentsService agents;

    public CreateAgentHandler() {
        this(AgentsWiring.current().agents());
    }

    public CreateAgentHandler(AgentsService agents) {
        super("POST /api/agents");
        this.agents = agents;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        String owner = req.owner();
        JsonBody body = req.jsonBody(AgentRequests.MAX_AGENT_BODY).allowOnly(FIELDS);
        AgentRequests.requireCaller(body, owner);
        String name = body.requiredString("name", 200);
        boolean active = AgentRequests.activeFlag(body).orElse(true);
        var config = AgentConfig.validate(body.optionalObject("config").orElseGet(Json::object));
        Agent agent = agents.create(owner, name, active, config, AgentRequests.profile(body, Agent.Profile.DEFAULT));
        return HttpResponse.created(agent.toJson(null)).withHeader("location", "/api/agents/" + agent.id());
    }
}
