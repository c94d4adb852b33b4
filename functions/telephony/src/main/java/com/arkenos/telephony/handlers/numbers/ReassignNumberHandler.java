package com.arkenos.telephony.handlers.numbers;

import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.JsonBody;
import com.arkenos.telephony.core.phone.PhoneNumbers;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.numbers.PipelineReport;
import com.arkenos.telephony.wiring.TelephonyWiring;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * {@code POST /api/telephony/numbers/reassign}: moves a number to another of the caller's agents.
 */
public class ReassignNumberHandler extends HttpFunction {
    private final NumbersService numbers;

    public ReassignNumberHandler() {
        this(TelephonyWiring.current().numbers());
    }

    public ReassignNumberHandler(NumbersService numbers) {
        super("POST /api/telephony/numbers/reassign");
        this.numbers = numbers;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        String owner = req.owner();
        JsonBody body = req.jsonBody().allowOnly(Set.of("phone_number", "target_agent_id"));
        String phone = PhoneNumbers.requireE164("phone_number", body.requiredString("phone_number", 32));
        NumberRecord before = numbers.get(owner, phone);
        NumberRecord r = numbers.reassign(owner, phone, NumberRequests.agentId(body, "target_agent_id"));
        ObjectNode out = r.toJson(NumbersService.stepsOf(r));
        out.put("target_agent_id", r.agentId());
        out.put("source_agent_id", before.agentId());
        out.put("source_agent_name", numbers.agentName(owner, before.agentId()));
        out.set("pipeline_result", PipelineReport.of(r));
        return HttpResponse.ok(out);
    }
}
