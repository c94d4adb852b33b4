package com.arkenos.telephony.numbers;

import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A phone number the platform holds for an owner: who has it, where provisioning is, and what each step did.
 *
 * @param operation  the running or last operation: {@code provision} or {@code release}
 * @param attempt    how many executions of {@code operation} were started; part of the execution name
 * @param execution  the name of the execution that owns the number's steps now (a fencing token for step writes)
 */
public record NumberRecord(String phoneNumber, String owner, String agentId, String twilioSid, NumberStatus status,
                           String source, String operation, int attempt, String execution, String executionArn,
                           Map<String, StepState> steps, ObjectNode lastError, Instant createdAt, Instant updatedAt,
                           long version) {

    public record StepState(String state, Instant at, String resourceId, String errorCode, String errorMessage,
                            String provider) {
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("state", state);
            o.put("at", at == null ? null : at.toString());
            if (resourceId != null) {
                o.put("resource_id", resourceId);
            }
            if (errorMessage != null) {
                o.putObject("error").put("provider", provider).put("code", errorCode).put("message", errorMessage);
            }
            return o;
        }
    }

    public NumberRecord {
        steps = steps == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(steps));
    }

    /**
     * The API shape: the product's fields ({@code phone_number}, {@code twilio_sid}, {@code agent_id},
     * {@code status}) first.
     */
    public ObjectNode toJson(java.util.List<String> stepOrder) {
        ObjectNode o = Json.object();
        o.put("phone_number", phoneNumber);
        o.put("twilio_sid", twilioSid);
        o.put("agent_id", agentId);
        o.put("status", status.name());
        o.put("source", source);
        o.put("operation", operation);
        o.put("attempt", attempt);
        ObjectNode exec = o.putObject("execution");
        exec.put("name", execution);
        exec.put("arn", executionArn);
        var list = o.putArray("steps");
        for (String name : stepOrder) {
            StepState s = steps.get(name);
            ObjectNode step = s == null ? Json.object().put("state", "PENDING") : s.toJson();
            list.add(Json.object().put("step", name).setAll(step));
        }
        o.set("last_error", lastError);
        o.put("created_at", createdAt.toString());
        o.put("updated_at", updatedAt.toString());
        o.put("version", version);
        return o;
    }
}
