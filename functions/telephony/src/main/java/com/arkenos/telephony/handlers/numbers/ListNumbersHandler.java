package com.arkenos.telephony.handlers.numbers;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.store.Cursors;
import com.arkenos.telephony.core.store.Page;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.wiring.TelephonyWiring;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/telephony/numbers}: the caller's numbers, a page at a time.
 */
public class ListNumbersHandler extends HttpFunction {
    private final NumbersService numbers;

    public ListNumbersHandler() {
        this(TelephonyWiring.current().numbers());
    }

    public ListNumbersHandler(NumbersService numbers) {
        super("GET /api/telephony/numbers");
        this.numbers = numbers;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        String owner = req.owner();
        int limit = Cursors.limit(req.query("limit").orElse(null), 50, 100);
        Page<NumberRecord> page = numbers.list(owner, limit, req.query("cursor").orElse(null));
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("numbers");
        page.items().forEach(r -> items.add(r.toJson(NumbersService.stepsOf(r))));
        out.put("next_cursor", page.nextCursor());
        return HttpResponse.ok(out);
    }
}
