package com.arkenos.telephony.provisioning;

import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.numbers.ProvisioningStep;
import com.arkenos.telephony.numbers.SharedRoute;
import com.arkenos.telephony.providers.Providers;
import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.providers.livekit.LiveKitGateway;
import com.arkenos.telephony.providers.livekit.SipInboundTrunk;
import com.arkenos.telephony.providers.twilio.TwilioGateway;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.core.log.Metric;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The work of each provisioning step ({@link ProvisioningStep}), one method a step. {@link #execute} runs a step
 * only while the execution named owns the number (a fencing token) and the number is in the step's status, does its
 * idempotent work, and records its outcome on the number so the dashboard sees progress; what fails is recorded and
 * rethrown for the state machine's Retry and Catch.
 */
public final class ProvisioningSteps {
    private final NumberStore numbers;
    private final Supplier<SipInfrastructure> infrastructure;
    private final Providers providers;

    public ProvisioningSteps(NumberStore numbers, Supplier<SipInfrastructure> infrastructure, Providers providers) {
        this.numbers = numbers;
        this.infrastructure = infrastructure;
        this.providers = providers;
    }

    /** Runs {@code step} for the number; returns the provider resource it touched, or null. */
    public String execute(ProvisioningStep step, String phone, String execution) {
        return execute(step, phone, execution, Optional.empty());
    }

    /**
     * As {@link #execute(ProvisioningStep, String, String)}, on the shared route the execution started with when it
     * carries one: then the step reads nothing ({@link RoutedSteps}), unless the route turns out to be stale.
     */
    public String execute(ProvisioningStep step, String phone, String execution, Optional<SharedRoute> route) {
        String name = step.stepName();
        long start = System.nanoTime();
        try {
            String resource;
            if (step == ProvisioningStep.MARK_ACTIVE) {
                resource = markActive(phone, execution);
            } else {
                Optional<String> routed = route.flatMap(r -> new RoutedSteps(numbers, infrastructure(), providers)
                        .run(step, phone, execution, r));
                resource = routed.isPresent() ? routed.get() : fromRecords(step, phone, execution);
            }
            Log.info("step_succeeded", "step", name, "phone_number", phone, "execution", execution,
                    "ms", (System.nanoTime() - start) / 1_000_000);
            return resource;
        } catch (ProviderException e) {
            numbers.recordStep(phone, execution, name, new NumberRecord.StepState("FAILED", Instant.now(),
                    null, e.providerCode(), e.getMessage(), e.provider()));
            Log.warn("step_failed", "step", name, "phone_number", phone, "transient", e.transient_(),
                    "provider", e.provider(), "code", e.providerCode());
            stepFailed(name, e.provider(), phone, execution);
            throw e;
        } catch (SupersededException e) {
            throw e;
        } catch (RuntimeException e) {
            numbers.recordStep(phone, execution, name, new NumberRecord.StepState("FAILED", Instant.now(),
                    null, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), "arkenos"));
            Log.error("step_failed", e, "step", name, "phone_number", phone);
            stepFailed(name, "arkenos", phone, execution);
            throw e;
        }
    }

    /**
     * The step as it runs without a route: the number is read first (its fencing: only while the execution owns it
     * and it is in the step's status), then the step's work, then its record.
     */
    private String fromRecords(ProvisioningStep step, String phone, String execution) {
        NumberRecord number = numbers.find(phone).orElseThrow(() -> new SupersededException(phone, execution));
        if (!execution.equals(number.execution()) || number.status() != step.expectedStatus()) {
            throw new SupersededException(phone, execution);
        }
        String resource = run(step, number);
        if (step != ProvisioningStep.MARK_ACTIVE && step != ProvisioningStep.MARK_RELEASED) {
            numbers.recordStep(phone, execution, step.stepName(),
                    new NumberRecord.StepState("SUCCEEDED", Instant.now(), resource, null, null, null));
        }
        return resource;
    }

    /** One failed attempt of a step; the state machine may still retry it (NumberFailed counts the number's end). */
    private static void stepFailed(String step, String provider, String phone, String execution) {
        Metric.count("ProvisioningStepFailed").dimension("Step", step).dimension("Provider", provider)
                .property("phone_number", phone).property("execution", execution).emit();
    }

    /** The step's own work; the final steps (MarkActive, MarkReleased) record their outcome themselves. */
    private String run(ProvisioningStep step, NumberRecord number) {
        return switch (step) {
            case ENSURE_TWILIO_TRUNK -> ensureTwilioTrunk(number);
            case ENSURE_INBOUND_TRUNK -> ensureInboundTrunk(number);
            case ENSURE_DISPATCH_RULE -> ensureDispatchRule(number);
            case ENSURE_OUTBOUND_TRUNK -> ensureOutboundTrunk(number);
            case ATTACH_TO_TWILIO_TRUNK -> attachToTwilioTrunk(number);
            case ADD_TO_INBOUND_TRUNK -> addToInboundTrunk(number);
            case ADD_TO_OUTBOUND_TRUNK -> addToOutboundTrunk(number);
            case MARK_ACTIVE -> markActive(number.phoneNumber(), number.execution());
            case REMOVE_FROM_INBOUND_TRUNK -> removeFromInboundTrunk(number);
            case REMOVE_FROM_OUTBOUND_TRUNK -> removeFromOutboundTrunk(number);
            case DETACH_FROM_TWILIO_TRUNK -> detachFromTwilioTrunk(number);
            case MARK_RELEASED -> markReleased(number);
        };
    }

    private SipInfrastructure infrastructure() {
        return infrastructure.get();
    }

    private Providers providers() {
        return providers;
    }

    private NumberStore numbers() {
        return numbers;
    }

    /** Ensures the shared Twilio Elastic SIP trunk and its origination URL to LiveKit. */
    private String ensureTwilioTrunk(NumberRecord number) {
        return infrastructure().ensureTwilioTrunk();
    }

    /** Ensures the shared LiveKit inbound trunk, restricted to Twilio's signalling addresses. */
    private String ensureInboundTrunk(NumberRecord number) {
        return infrastructure().ensureInboundTrunk(number.phoneNumber());
    }

    /**
     * Ensures the dispatch rule: a room per caller with the agent dispatched. The recorded rule is checked against
     * LiveKit's list each time: one deleted out of band would otherwise leave this number ACTIVE with no route.
     */
    private String ensureDispatchRule(NumberRecord number) {
        SipInfrastructure infra = infrastructure();
        String trunk = infra.ensureInboundTrunk(number.phoneNumber());
        infra.ensureDispatchRule(trunk);
        new InfraDrift(infra, numbers()).checkDispatchRule(trunk);
        return infra.recordedId(SipInfrastructure.DISPATCH_RULE, "id").orElseThrow(
                () -> new InfraBusyException(SipInfrastructure.DISPATCH_RULE));
    }

    /** Ensures Twilio termination (credential list, domain) and the LiveKit outbound trunk. */
    private String ensureOutboundTrunk(NumberRecord number) {
        return infrastructure().ensureOutboundTrunk(number.phoneNumber(), providers()::terminationCredentials);
    }

    /**
     * Associates the number with the shared Twilio trunk, so Twilio sends its calls to LiveKit. A number whose
     * Twilio sid was never recorded (assigned numbers, or a purchase whose answer was lost) is looked up first.
     */
    private String attachToTwilioTrunk(NumberRecord number) {
        String sid = number.twilioSid();
        if (sid == null) {
            sid = providers().twilio().findOwned(number.phoneNumber())
                    .orElseThrow(() -> new ProviderException.Permanent("twilio", "IncomingPhoneNumbers.list", 404,
                            "20404", number.phoneNumber() + " is not in the Twilio account", null))
                    .sid();
            if (!numbers().finishStep(number.phoneNumber(), number.execution(), NumberStatus.PROVISIONING,
                    Map.of(NumberStore.SID, AttributeValue.fromS(sid)))) {
                throw new SupersededException(number.phoneNumber(), number.execution());
            }
        }
        String trunk = infrastructure().ensureTwilioTrunk();
        try {
            providers().twilio().associateNumber(trunk, sid);
        } catch (ProviderException e) {
            if (e.transient_() || e.httpStatus() != 404 || providers().twilio().fetchTrunk(trunk).isPresent()) {
                throw e;
            }
            // The recorded trunk was deleted (in the console): made again, with every routed number on it.
            new InfraDrift(infrastructure(), numbers()).replaceTwilioTrunk(trunk);
            trunk = infrastructure().ensureTwilioTrunk();
            providers().twilio().associateNumber(trunk, sid);
        }
        return trunk;
    }

    /** Adds the number to the LiveKit inbound trunk (a list add: idempotent, constant cost). */
    private String addToInboundTrunk(NumberRecord number) {
        SipInfrastructure infra = infrastructure();
        String trunk = infra.ensureInboundTrunk(number.phoneNumber());
        infra.ensureDispatchRule(trunk);
        // Under the trunk's lease: the release of the trunk's last number cannot delete it with this one on it.
        return infra.exclusively(SipInfrastructure.LIVEKIT_INBOUND, () -> {
            try {
                providers().livekit().updateInboundTrunkNumbers(trunk, List.of(number.phoneNumber()), List.of());
            } catch (ProviderException e) {
                if (!e.transient_() && "not_found".equals(e.providerCode())) {
                    throw infra.vanished(SipInfrastructure.LIVEKIT_INBOUND, trunk);
                }
                throw e;
            }
            return trunk;
        });
    }

    /** Adds the number to the LiveKit outbound trunk, so the agent can call out with it as caller ID. */
    private String addToOutboundTrunk(NumberRecord number) {
        SipInfrastructure infra = infrastructure();
        String trunk = infra.ensureOutboundTrunk(number.phoneNumber(), providers()::terminationCredentials);
        // Under the trunk's lease: the release of the trunk's last number cannot delete it with this one on it.
        return infra.exclusively(SipInfrastructure.LIVEKIT_OUTBOUND, () -> {
            try {
                providers().livekit().updateOutboundTrunkNumbers(trunk, List.of(number.phoneNumber()), List.of());
            } catch (ProviderException e) {
                if (!e.transient_() && "not_found".equals(e.providerCode())) {
                    throw infra.vanished(SipInfrastructure.LIVEKIT_OUTBOUND, trunk);
                }
                throw e;
            }
            return trunk;
        });
    }

    /**
     * The last provisioning step: the number is routed, so it becomes ACTIVE and lookup starts answering for it. One
     * write, conditioned on the execution owning the number in PROVISIONING: it is the step's fence, its record and
     * the status change at once (so it reads nothing first, on either path).
     */
    private String markActive(String phone, String execution) {
        NumberRecord active = numbers().recordSteps(phone, execution, NumberStatus.PROVISIONING,
                Map.of(ProvisioningStep.MARK_ACTIVE.stepName(),
                        new NumberRecord.StepState("SUCCEEDED", Instant.now(), null, null, null, null)),
                Map.of(NumberStore.STATUS, AttributeValue.fromS(NumberStatus.ACTIVE.name())))
                .orElseThrow(() -> new SupersededException(phone, execution));
        Metric.count("NumberProvisioned").dimension("Operation", active.operation())
                .property("phone_number", phone).property("execution", execution).emit();
        return null;
    }

    /** Removes the number from the LiveKit inbound trunk, retiring the trunk with its last number; never creates
     * anything.
     *
     * The trunk is read first: when this number is its last one, the trunk is retired with the number still on it.
     * Emptying it first would leave, until the retirement succeeds, an inbound trunk without numbers, which LiveKit
     * treats as a catch-all for any number Twilio's addresses send (a retirement that fails would leave it for good).
     */
    private String removeFromInboundTrunk(NumberRecord number) {
        SipInfrastructure infra = infrastructure();
        LiveKitGateway livekit = providers().livekit();
        String phone = number.phoneNumber();
        return infra.recordedId(SipInfrastructure.LIVEKIT_INBOUND, "id").map(trunk -> {
            Optional<SipInboundTrunk> current = livekit.listInboundTrunks().stream()
                    .filter(t -> trunk.equals(t.id())).findFirst();
            if (current.isEmpty()) {
                infra.forgetIfGone(SipInfrastructure.LIVEKIT_INBOUND, trunk);
                return trunk;
            }
            List<String> numbers = current.get().numbers() == null ? List.of() : current.get().numbers();
            if (numbers.stream().allMatch(phone::equals)) {
                infra.retireInboundTrunk(trunk, phone);
                return trunk;
            }
            if (!numbers.contains(phone)) {
                return trunk;
            }
            SipInboundTrunk after;
            try {
                after = livekit.updateInboundTrunkNumbers(trunk, List.of(), List.of(phone));
            } catch (ProviderException e) {
                if (!e.transient_() && "not_found".equals(e.providerCode())) {
                    // Gone means nothing left to remove; a trunk LiveKit still lists keeps its record and is retried.
                    if (infra.forgetIfGone(SipInfrastructure.LIVEKIT_INBOUND, trunk)) {
                        return trunk;
                    }
                    throw SipInfrastructure.stillThere("SIP.UpdateSIPInboundTrunk", "trunk " + trunk);
                }
                throw e;
            }
            if (after.numbers() == null || after.numbers().isEmpty()) {
                // Another release took the other numbers meanwhile: this one was the last after all.
                infra.retireInboundTrunk(trunk, phone);
            }
            return trunk;
        }).orElse(null);
    }

    /** Removes the number from the LiveKit outbound trunk; never creates anything. */
    private String removeFromOutboundTrunk(NumberRecord number) {
        SipInfrastructure infra = infrastructure();
        return infra.recordedId(SipInfrastructure.LIVEKIT_OUTBOUND, "id").map(trunk -> {
            try {
                providers().livekit().updateOutboundTrunkNumbers(trunk, List.of(),
                        List.of(number.phoneNumber()));
            } catch (ProviderException e) {
                if ("not_found".equals(e.providerCode())) {
                    // Gone means nothing left to remove; a trunk LiveKit still lists keeps its record and is retried.
                    if (infra.forgetIfGone(SipInfrastructure.LIVEKIT_OUTBOUND, trunk)) {
                        return trunk;
                    }
                    throw SipInfrastructure.stillThere("SIP.UpdateSIPOutboundTrunk", "trunk " + trunk);
                }
                // LiveKit refuses to leave an outbound trunk without numbers, and livekit-server answers that refusal
                // `unknown` (HTTP 500), which reads as transient. So any refusal is decided again under the trunk's
                // lease, from the trunk as LiveKit lists it: another number left on it is removed there (a real
                // outage fails that listing and is retried), the last one retires the trunk.
                infra.retireOutboundTrunk(trunk, number.phoneNumber());
            }
            return trunk;
        }).orElse(null);
    }

    /** Removes the number from the Twilio trunk; the number stays in the Twilio account. */
    private String detachFromTwilioTrunk(NumberRecord number) {
        if (number.twilioSid() == null) {
            return null;
        }
        return infrastructure().recordedId(SipInfrastructure.TWILIO_TRUNK, "sid").map(trunk -> {
            TwilioGateway twilio = providers().twilio();
            twilio.removeNumber(trunk, number.twilioSid());
            // The gateway counts a 404 as removed; the number is RELEASED only once the trunk really lacks it,
            // or Twilio would go on sending its calls to LiveKit.
            if (twilio.isNumberOnTrunk(trunk, number.twilioSid())) {
                throw new ProviderException.Transient("twilio", "TrunkPhoneNumbers.delete", 404, null,
                        number.phoneNumber() + " is still on trunk " + trunk + " after its removal; retrying", null);
            }
            return trunk;
        }).orElse(null);
    }

    /** The last release step: the number keeps its owner, loses its agent, and the agent is free for another number. */
    private String markReleased(NumberRecord number) {
        numbers().recordStep(number.phoneNumber(), number.execution(),
                ProvisioningStep.MARK_RELEASED.stepName(),
                new NumberRecord.StepState("SUCCEEDED", Instant.now(), null, null, null, null));
        if (!numbers().markReleased(number, number.execution())) {
            throw new SupersededException(number.phoneNumber(), number.execution());
        }
        Metric.count("NumberReleased").property("phone_number", number.phoneNumber())
                .property("execution", number.execution()).emit();
        return null;
    }
}
