package com.arkenos.telephony.numbers;

import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

import static com.arkenos.telephony.numbers.ProvisioningStep.ADD_TO_INBOUND_TRUNK;
import static com.arkenos.telephony.numbers.ProvisioningStep.ADD_TO_OUTBOUND_TRUNK;
import static com.arkenos.telephony.numbers.ProvisioningStep.ATTACH_TO_TWILIO_TRUNK;
import static com.arkenos.telephony.numbers.ProvisioningStep.ENSURE_DISPATCH_RULE;
import static com.arkenos.telephony.numbers.ProvisioningStep.ENSURE_INBOUND_TRUNK;
import static com.arkenos.telephony.numbers.ProvisioningStep.ENSURE_OUTBOUND_TRUNK;
import static com.arkenos.telephony.numbers.ProvisioningStep.ENSURE_TWILIO_TRUNK;
import java.util.function.Function;

/**
 * The product's "Test &amp; Setup Pipeline" answer ({@code POST /numbers/provision}, and a reassign's
 * {@code pipeline_result}): {@code status} ready | partial | error and five {@code steps [{step, status: ok |
 * warning | error, detail}]} under the product's names, read from the provisioning steps this backend records.
 * {@code ready} only when the number is ACTIVE and every step is ok; {@code error} when a step or the operation
 * failed; {@code partial} while something is still to run.
 */
public final class PipelineReport {
    /** One of the product's steps, made of the recorded steps that do its work. */
    private record Part(String name, List<ProvisioningStep> steps, Function<Done, String> detail) {}

    /** What an ok part says: the resource id its first step recorded, the number and its SID. */
    private record Done(NumberRecord number, String resource) {}

    private static final List<Part> PARTS = List.of(
            new Part("LiveKit Inbound Trunk", List.of(ENSURE_INBOUND_TRUNK), d -> "Trunk ID: " + d.resource()),
            new Part("LiveKit Dispatch Rule", List.of(ENSURE_DISPATCH_RULE), d -> "Rule ID: " + d.resource()),
            new Part("Number on Inbound Trunk", List.of(ADD_TO_INBOUND_TRUNK),
                    d -> d.number().phoneNumber() + " on trunk " + d.resource()),
            new Part("Twilio SIP Trunk", List.of(ENSURE_TWILIO_TRUNK, ATTACH_TO_TWILIO_TRUNK),
                    d -> "Number SID: " + d.number().twilioSid() + " on trunk " + d.resource()),
            new Part("LiveKit Outbound Trunk", List.of(ENSURE_OUTBOUND_TRUNK, ADD_TO_OUTBOUND_TRUNK),
                    d -> "Trunk ID: " + d.resource()));

    private PipelineReport() {
    }

    public static ObjectNode of(NumberRecord number) {
        ObjectNode out = Json.object();
        out.put("phone_number", number.phoneNumber());
        out.put("agent_id", number.agentId());
        ArrayNode steps = Json.array();
        boolean provisioning = ProvisioningStep.Operation.PROVISION.id().equals(number.operation());
        boolean anyError = number.status() == NumberStatus.FAILED;
        boolean allOk = number.status() == NumberStatus.ACTIVE;
        for (Part part : PARTS) {
            ObjectNode step = steps.addObject().put("step", part.name());
            NumberRecord.StepState failed = provisioning ? failure(number, part) : null;
            if (failed != null) {
                step.put("status", "error").put("detail", (failed.provider() == null ? "" : failed.provider() + " ")
                        + (failed.errorCode() == null ? "" : failed.errorCode() + ": ") + failed.errorMessage());
                anyError = true;
                allOk = false;
            } else if (provisioning && succeeded(number, part)) {
                step.put("status", "ok").put("detail",
                        part.detail().apply(new Done(number, resource(number, part.steps().get(0)))));
            } else {
                step.put("status", "warning").put("detail", pending(number));
                allOk = false;
            }
        }
        out.put("status", anyError ? "error" : allOk ? "ready" : "partial");
        out.put("number_status", number.status().name());
        out.set("steps", steps);
        if (number.lastError() != null) {
            out.set("last_error", number.lastError().deepCopy());
        }
        return out;
    }

    private static NumberRecord.StepState failure(NumberRecord number, Part part) {
        return part.steps().stream().map(s -> number.steps().get(s.stepName()))
                .filter(s -> s != null && "FAILED".equals(s.state())).findFirst().orElse(null);
    }

    private static boolean succeeded(NumberRecord number, Part part) {
        return part.steps().stream().map(s -> number.steps().get(s.stepName()))
                .allMatch(s -> s != null && "SUCCEEDED".equals(s.state()));
    }

    private static String resource(NumberRecord number, ProvisioningStep step) {
        NumberRecord.StepState s = number.steps().get(step.stepName());
        return s == null || s.resourceId() == null ? "(recorded)" : s.resourceId();
    }

    private static String pending(NumberRecord number) {
        return switch (number.status()) {
            case PURCHASING -> "waiting for the purchase of " + number.phoneNumber() + " to finish";
            case PROVISIONING -> "provisioning is running; check again in a few seconds";
            case FAILED -> "not run: an earlier step failed; Test & Setup Pipeline retries it";
            case RELEASING -> "the number is being released";
            case RELEASED -> "the number was released; assign it again to provision it";
            case ACTIVE -> "not recorded";
        };
    }
}
