package com.arkenos.telephony.handlers.steps;

import Telephony.Superseded;
import com.amazonaws.services.lambda.runtime.Context;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.core.log.Metric;
import com.arkenos.telephony.core.snapstart.PrimedStreamHandler;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.wiring.TelephonyWiring;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;

/**
 * The Catch target of both state machines: marks the number FAILED with the step that failed and the provider's
 * error, so the dashboard can say what went wrong and {@code retry} can resume. A superseded execution changes
 * nothing.
 */
public class RecordFailureHandler extends PrimedStreamHandler {
    private final NumberStore numbers;

    public RecordFailureHandler() {
        this(TelephonyWiring.current().numberStore());
    }

    public RecordFailureHandler(NumberStore numbers) {
        this.numbers = numbers;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log.invocationStarted(context);
        JsonNode in = Json.parse(input.readAllBytes());
        String phone = in.path("phone_number").asText();
        String execution = in.path("execution").asText();
        String errorType = in.at("/error/Error").asText("");
        NumberRecord number = numbers.find(phone).orElse(null);
        if (number == null || !execution.equals(number.execution())
                || errorType.equals(Superseded.NAME)) {
            output.write("{\"recorded\":false}".getBytes());
            return;
        }
        ObjectNode error = Json.object();
        error.put("operation", number.operation());
        error.put("execution", execution);
        error.put("at", Instant.now().toString());
        error.put("error_type", errorType);
        number.steps().entrySet().stream().filter(e -> "FAILED".equals(e.getValue().state()))
                .max(java.util.Comparator.comparing(e -> e.getValue().at()))
                .ifPresentOrElse(e -> {
                    error.put("step", e.getKey());
                    error.put("provider", e.getValue().provider());
                    error.put("code", e.getValue().errorCode());
                    error.put("message", e.getValue().errorMessage());
                }, () -> {
                    error.putNull("step");
                    error.put("message", causeMessage(in.at("/error/Cause").asText("")));
                });
        NumberStatus from = number.operation().equals("release") ? NumberStatus.RELEASING : NumberStatus.PROVISIONING;
        boolean recorded = numbers.finishStep(phone, execution, from, Map.of(
                NumberStore.STATUS, AttributeValue.fromS(NumberStatus.FAILED.name()),
                NumberStore.LAST_ERROR, AttributeValue.fromS(error.toString())));
        Log.warn("number_failed", "phone_number", phone, "step", error.path("step").asText(null),
                "recorded", recorded);
        if (recorded) {
            Metric.count("NumberFailed").dimension("Operation", number.operation())
                    .dimension("Step", error.path("step").asText(null))
                    .property("phone_number", phone).property("execution", execution).emit();
        }
        output.write(("{\"recorded\":" + recorded + "}").getBytes());
    }

    private static String causeMessage(String cause) {
        try {
            return Json.parse(cause).path("errorMessage").asText(cause);
        } catch (IOException e) {
            return cause;
        }
    }
}
