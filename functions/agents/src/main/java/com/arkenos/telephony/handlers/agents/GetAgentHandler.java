package com.arkenos.telephony.handlers.agents;

import com.arkenos.telephony.agents.AgentsService;
import com.arkenos.telephony.core.auth.WorkerKey;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.TokenCheck;
import com.arkenos.telephony.wiring.AgentsWiring;

/**
 * {@code GET /api/agents/{id}}: the owner's agent; or, for the agent worker (its {@code x-worker-key}, no user), any
 * owner's agent, read-only: the worker loads the config of the agent a call was routed to.
 *
 * <p>The worker has a key, not a user's token, so the template leaves this route without the JWT authorizer, and in
 * JWT mode the function checks a user's token itself ({@link TokenCheck}).
 */
public class GetAgentHandler extends HttpFunction {
    private final AgentsService agents;
    private final WorkerKey workerKey;

    public GetAgentHandler() {
        this(AgentsWiring.current());
    }

    private GetAgentHandler(AgentsWiring wiring) {
        this(wiring.agents(), wiring.workerKey(), wiring.bearerTokens());
    }

    public GetAgentHandler(AgentsService agents, WorkerKey workerKey, TokenCheck userTokens) {
        super("GET /api/agents/{id}", userTokens);
        this.agents = agents;
        this.workerKey = workerKey;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        if (req.header("x-worker-key").isPresent()) {
            workerKey.check(req);
            return HttpResponse.ok(agents.showAnyOwner(AgentRequests.agentId(req)).toJson());
        }
        return HttpResponse.ok(agents.show(req.owner(), AgentRequests.agentId(req)).toJson());
    }
}
