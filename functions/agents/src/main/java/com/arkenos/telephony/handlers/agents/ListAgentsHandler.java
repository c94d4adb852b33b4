package com.arkenos.telephony.handlers.agents;

import com.arkenos.telephony.agents.AgentsService;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.store.Cursors;
import com.arkenos.telephony.wiring.AgentsWiring;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * {@code GET /api/agents}: a JSON array, as stored (the dashboard maps over the answer); when more agents follow, the
 * {@value AgentRequests#NEXT_CURSOR_HEADER} header holds the cursor for {@code ?cursor=}.
 */
public class ListAgentsHandler extends HttpFunction {
    private final AgentsService agents;

    public ListAgentsHandler() {
        this(AgentsWiring.current().agents());
    }

    public ListAgentsHandler(AgentsService agents) {
        super("GET /api/agents");
        this.agents = agents;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        String owner = req.owner();
        int limit = Cursors.limit(req.query("limit").orElse(null), 50, 100);
        AgentsService.Listing page = agents.list(owner, limit, req.query("cursor").orElse(null));
        ArrayNode items = Json.array();
        page.agents().forEach(a -> items.add(a.toJson()));
        HttpResponse answer = HttpResponse.ok(items);
        return page.nextCursor() == null ? answer
                : answer.withHeader(AgentRequests.NEXT_CURSOR_HEADER, page.nextCursor());
    }
}
