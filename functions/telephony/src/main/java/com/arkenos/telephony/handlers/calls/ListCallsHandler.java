package com.arkenos.telephony.handlers.calls;

import com.arkenos.telephony.calls.CallDirection;
import com.arkenos.telephony.calls.CallStatus;
import com.arkenos.telephony.calls.CallStore;
import com.arkenos.telephony.calls.CallsService;
import com.arkenos.telephony.core.Ids;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.Text;
import com.arkenos.telephony.core.store.Cursors;
import com.arkenos.telephony.wiring.TelephonyWiring;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /api/calls}: the caller's calls, newest first, filtered by direction, status or agent.
 */
public class ListCallsHandler extends HttpFunction {
    private static final Set<String> PARAMETERS = Set.of("limit", "cursor", "direction", "status", "agent_id");
    private final CallsService calls;

    public ListCallsHandler() {
        this(TelephonyWiring.current().calls());
    }

    public ListCallsHandler(CallsService calls) {
        super("GET /api/calls");
        this.calls = calls;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        String owner = req.owner();
        req.queryParameters().keySet().forEach(k -> {
            if (!PARAMETERS.contains(k)) {
                throw ApiError.badRequest("unknown_parameter", "unknown query parameter '" + Text.printable(k, 40)
                        + "'; allowed: " + String.join(", ", new TreeSet<>(PARAMETERS)));
            }
        });
        int limit = Cursors.limit(req.query("limit").orElse(null), 20, 100);
        CallDirection direction = req.query("direction").map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> parse(CallDirection.class, "direction", s)).orElse(null);
        CallStatus status = req.query("status").map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> parse(CallStatus.class, "status", s)).orElse(null);
        String agentId = req.query("agent_id").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (agentId != null && !Ids.isUuid(agentId)) {
            throw ApiError.invalid("agent_id", "agent_id must be an agent id");
        }
        CallsService.Listing page = calls.list(owner, limit,
                req.query("cursor").filter(s -> !s.isEmpty()).orElse(null),
                new CallStore.Filter(direction, status, agentId));
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("calls");
        page.calls().forEach(c -> items.add(c.toJson()));
        out.put("next_cursor", page.nextCursor());
        return HttpResponse.ok(out);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(field, field + " must be one of "
                    + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
        }
    }
}
