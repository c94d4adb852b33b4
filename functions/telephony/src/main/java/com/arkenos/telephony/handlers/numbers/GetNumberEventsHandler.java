package com.arkenos.telephony.handlers.numbers;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.phone.PhoneNumbers;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.numbers.ProvisioningStep;
import com.arkenos.telephony.wiring.TelephonyWiring;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /api/telephony/numbers/{phone_number}/events}: the caller's number's provisioning history, oldest first,
 * from what its record holds: when the record was made, the latest outcome of each step of its current operation,
 * and the failure that stopped it. Nothing else is stored, so a step retried shows its last outcome only.
 */
public class GetNumberEventsHandler extends HttpFunction {
    private final NumbersService numbers;

    public GetNumberEventsHandler() {
        this(TelephonyWiring.current().numbers());
    }

    public GetNumberEventsHandler(NumbersService numbers) {
        super("GET /api/telephony/numbers/{phone_number}/events");
        this.numbers = numbers;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        String phone = PhoneNumbers.fromDialled(req.pathParameter("phone_number"))
                .orElseThrow(() -> ApiError.notFound("number not found"));
        NumberRecord r = numbers.get(req.owner(), phone);
        List<Event> events = new ArrayList<>();
        events.add(new Event(r.createdAt(), -1, Json.object().put("at", r.createdAt().toString())
                .put("type", "number_recorded").put("source", r.source())));
        List<String> order = NumbersService.stepsOf(r);
        r.steps().forEach((step, state) -> {
            ObjectNode detail = without(without(state.toJson(), "state"), "at");
            events.add(new Event(state.at(), order.indexOf(step), Json.object()
                    .put("at", state.at() == null ? null : state.at().toString())
                    .put("type", "SUCCEEDED".equals(state.state()) ? "step_succeeded" : "step_failed")
                    .put("step", step)
                    .put("operation", ProvisioningStep.named(step).map(s -> s.operation().id()).orElse("provision"))
                    .setAll(detail)));
        });
        if (r.lastError() != null) {
            String at = r.lastError().path("at").asText(null);
            ObjectNode failure = Json.object().put("at", at).put("type", "operation_failed");
            failure.setAll(without(r.lastError().deepCopy(), "at"));
            events.add(new Event(instant(at), Integer.MAX_VALUE, failure));
        }
        ObjectNode out = Json.object();
        out.put("phone_number", r.phoneNumber());
        out.put("status", r.status().name());
        out.put("operation", r.operation());
        out.put("attempt", r.attempt());
        ArrayNode list = out.putArray("events");
        // Oldest first; at one instant the record comes first, then the steps in catalogue order, then the failure.
        events.stream().sorted(Comparator.comparing(Event::at, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingInt(Event::order)).forEach(e -> list.add(e.json()));
        return HttpResponse.ok(out);
    }

    /** One event of the history, with what it is ordered by. */
    private record Event(Instant at, int order, ObjectNode json) {
    }

    private static Instant instant(String at) {
        try {
            return at == null ? null : Instant.parse(at);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static ObjectNode without(ObjectNode node, String field) {
        node.remove(field);
        return node;
    }
}
