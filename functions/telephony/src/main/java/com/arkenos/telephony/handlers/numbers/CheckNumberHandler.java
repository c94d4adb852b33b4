package com.arkenos.telephony.handlers.numbers;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.phone.PhoneNumbers;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.wiring.TelephonyWiring;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * {@code GET /api/telephony/numbers/check}: whether a number is assigned to one of the caller's agents (another
 * owner's number looks unassigned).
 */
public class CheckNumberHandler extends HttpFunction {
    private final NumbersService numbers;

    public CheckNumberHandler() {
        this(TelephonyWiring.current().numbers());
    }

    public CheckNumberHandler(NumbersService numbers) {
        super("GET /api/telephony/numbers/check");
        this.numbers = numbers;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        String owner = req.owner();
        String raw = req.query("phone_number").orElseThrow(() ->
                ApiError.badRequest("missing_parameter", "the phone_number query parameter is required"));
        String phone = PhoneNumbers.fromDialled(raw).orElseThrow(() ->
                ApiError.badRequest("invalid_phone_number",
                        "phone_number must be an E.164 number such as +15105550100"));
        ObjectNode out = Json.object();
        out.put("phone_number", phone);
        Optional<NumberRecord> mine = numbers.assignedToCaller(owner, phone);
        out.put("assigned", mine.isPresent());
        mine.ifPresent(r -> {
            out.put("agent_id", r.agentId());
            String name = numbers.agentName(owner, r.agentId());
            if (name != null) {
                out.put("agent_name", name);
            }
            out.put("status", r.status().name());
        });
        return HttpResponse.ok(out);
    }
}
