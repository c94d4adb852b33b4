package com.arkenos.telephony.agents;

import com.arkenos.telephony.handlers.agents.CreateAgentHandler;
import com.arkenos.telephony.handlers.agents.DeleteAgentHandler;
import com.arkenos.telephony.handlers.agents.GetAgentHandler;
import com.arkenos.telephony.handlers.agents.ListAgentsHandler;
import com.arkenos.telephony.handlers.agents.UpdateAgentHandler;
import com.arkenos.telephony.testing.Routes;
import com.arkenos.telephony.wiring.AgentsWiring;

/** The agents API's five handlers on one wiring, routed as API Gateway routes them. */
final class AgentsRoutes {
    private AgentsRoutes() {
    }

    static Routes on(AgentsWiring w) {
        return Routes.of(new CreateAgentHandler(w.agents()), new ListAgentsHandler(w.agents()),
                new GetAgentHandler(w.agents(), w.workerKey(), w.bearerTokens()), new UpdateAgentHandler(w.agents()),
                new DeleteAgentHandler(w.agents()));
    }
}
