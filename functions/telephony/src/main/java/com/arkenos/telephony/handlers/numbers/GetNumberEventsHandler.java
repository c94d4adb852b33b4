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
        List<ObjectNode> events = new ArrayList<>();
        events.add(Json.object().put("at", r.createdAt().toString()).put("type", "number_recorded")
                .put("source", r.source()));
        List<String> order = NumbersService.stepsOf(r);
        r.steps().entrySet().stream()
                .sorted(Comparator.comparing((java.util.Map.Entry<String, NumberRecord.StepState> e) -> e.getValue().at(),
                        Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(e -> order.indexOf(e.getKey())))
                .forEach(e -> {
                    ObjectNode event = e.getValue().toJson();
                    String state = event.remove("state").asText();
                    events.add(Json.object().put("at", event.path("at").asText(null))
                            .put("type", "SUCCEEDED".equals(state) ? "step_succeeded" : "step_failed")
                            .put("step", e.getKey()).put("operation", operationOf(e.getKey()))
                            .setAll(without(event, "at")));
                });
        if (r.lastError() != null) {
            ObjectNode failure = Json.object().put("at", r.lastError().path("at").asText(null))
                    .put("type", "operation_failed");
            failure.setAll(without(r.lastError().deepCopy(), "at"));
            events.add(failure);
        }
        ObjectNode out = Json.object();
        out.put("phone_number", r.phoneNumber());
        out.put("status", r.status().name());
        out.put("operation", r.operation());
        out.put("attempt", r.attempt());
        ArrayNode list = out.putArray("events");
        // By instant, not by text: the recorded times have 3 to 9 fractional digits. The sort is stable, so events
        // of one instant keep their order (the record first, then the steps in catalogue order).
        events.stream().sorted(Comparator.comparing(GetNumberEventsHandler::at,
                Comparator.nullsFirst(Comparator.naturalOrder()))).forEach(list::add);
        return HttpResponse.ok(out);
    }

    private static Instant at(ObjectNode event) {
        String at = event.path("at").asText(null);
        try {
            return at == null ? null : Instant.parse(at);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static String operationOf(String step) {
        return NumbersService.RELEASE_STEPS.contains(step) ? "release" : "provision";
    }

    private static ObjectNode without(ObjectNode node, String field) {
        node.remove(field);
        return node;
    }
}
