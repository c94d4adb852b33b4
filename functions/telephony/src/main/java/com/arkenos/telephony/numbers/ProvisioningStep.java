package com.arkenos.telephony.numbers;

import java.util.Arrays;
import java.util.List;

/**
 * The catalogue of provisioning steps, in the order their state machine runs them. A step's name is its state in
 * {@code statemachines/<operation>-number.asl.json}, the {@code step} its Task passes, the key of its recorded state
 * on the number, and the function {@code <Name>Function} in template.yaml, which runs
 * {@code handlers.steps.ProvisioningStepHandler} with {@code PROVISIONING_STEP: <Name>}; its work is the method of
 * the same name in {@code provisioning.ProvisioningSteps}. {@code ProvisioningStepCatalogueTest} checks all of them
 * against this list. A release step names the provisioning step whose work it undoes.
 */
public enum ProvisioningStep {
    ENSURE_TWILIO_TRUNK("EnsureTwilioTrunk", Operation.PROVISION, null),
    ENSURE_INBOUND_TRUNK("EnsureInboundTrunk", Operation.PROVISION, null),
    ENSURE_DISPATCH_RULE("EnsureDispatchRule", Operation.PROVISION, null),
    ENSURE_OUTBOUND_TRUNK("EnsureOutboundTrunk", Operation.PROVISION, null),
    ATTACH_TO_TWILIO_TRUNK("AttachToTwilioTrunk", Operation.PROVISION, null),
    ADD_TO_INBOUND_TRUNK("AddToInboundTrunk", Operation.PROVISION, null),
    ADD_TO_OUTBOUND_TRUNK("AddToOutboundTrunk", Operation.PROVISION, null),
    MARK_ACTIVE("MarkActive", Operation.PROVISION, null),
    REMOVE_FROM_INBOUND_TRUNK("RemoveFromInboundTrunk", Operation.RELEASE, ADD_TO_INBOUND_TRUNK),
    REMOVE_FROM_OUTBOUND_TRUNK("RemoveFromOutboundTrunk", Operation.RELEASE, ADD_TO_OUTBOUND_TRUNK),
    DETACH_FROM_TWILIO_TRUNK("DetachFromTwilioTrunk", Operation.RELEASE, ATTACH_TO_TWILIO_TRUNK),
    MARK_RELEASED("MarkReleased", Operation.RELEASE, MARK_ACTIVE);

    /** The two workflows a number goes through; {@link #id()} is what the number record stores. */
    public enum Operation {
        PROVISION("provision"), RELEASE("release");

        private final String id;

        Operation(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final String stepName;
    private final Operation operation;
    private final ProvisioningStep undoes;

    ProvisioningStep(String stepName, Operation operation, ProvisioningStep undoes) {
        this.stepName = stepName;
        this.operation = operation;
        this.undoes = undoes;
    }

    public String stepName() {
        return stepName;
    }

    public Operation operation() {
        return operation;
    }

    /** For a release step, the provisioning step whose work it takes back; null otherwise. */
    public ProvisioningStep undoes() {
        return undoes;
    }

    /** The status the number is in while this step's operation runs: the step acts only then. */
    public NumberStatus expectedStatus() {
        return operation == Operation.PROVISION ? NumberStatus.PROVISIONING : NumberStatus.RELEASING;
    }

    /** The step of this name, if the catalogue has one. */
    public static java.util.Optional<ProvisioningStep> named(String name) {
        return Arrays.stream(values()).filter(s -> s.stepName.equals(name)).findFirst();
    }

    /** The names of {@code operation}'s steps, in the order its state machine runs them. */
    public static List<String> namesOf(Operation operation) {
        return Arrays.stream(values()).filter(s -> s.operation == operation).map(ProvisioningStep::stepName).toList();
    }
}
