package com.arkenos.telephony.handlers.agents;

import com.arkenos.telephony.agents.AgentsService;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.wiring.AgentsWiring;

/** {@code DELETE /api/agents/{id}}: deletes the caller's agent. */
public class DeleteAgentHandler extends HttpFunction {
    private final AgentsService agents;

    public DeleteAgentHandler() {
        this(AgentsWiring.current().agents());
    }

    public DeleteAgentHandler(AgentsService agents) {
        super("DELETE /api/agents/{id}");
        this.agents = agents;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        agents.delete(req.owner(), AgentRequests.agentId(req));
        return HttpResponse.noContent();
    }
}
