package com.arkenos.telephony.provisioning;

import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.numbers.ProvisioningStep;
import com.arkenos.telephony.numbers.SharedRoute;
import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.providers.Providers;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of a provisioning whose shared route was verified when it started ({@link SharedRoute}): the state
 * machine skipped the Ensure steps, and these act on the route's ids without reading any record. Each step's fence
 * (the number is still this execution's) is folded into a write it makes anyway: the first step's record of the
 * skipped steps, or the request that takes a trunk's lease. A step whose trunk turns out to be gone answers empty,
 * and {@link ProvisioningSteps} runs it from the records, which repairs it.
 */
final class RoutedSteps {
    private static final NumberStatus STATUS = NumberStatus.PROVISIONING;

    private final NumberStore numbers;
    private final SipInfrastructure infra;
    private final Providers providers;

    RoutedSteps(NumberStore numbers, SipInfrastructure infra, Providers providers) {
        this.numbers = numbers;
        this.infra = infra;
        this.providers = providers;
    }

    /** Runs {@code step} and records its outcome; empty when it must run from the records instead. */
    Optional<String> run(ProvisioningStep step, String phone, String execution, SharedRoute route) {
        return switch (step) {
            case ATTACH_TO_TWILIO_TRUNK -> attachToTwilioTrunk(phone, execution, route);
            case ADD_TO_INBOUND_TRUNK -> addToInboundTrunk(phone, execution, route);
            case ADD_TO_OUTBOUND_TRUNK -> addToOutboundTrunk(phone, execution, route);
            default -> Optional.empty();
        };
    }

    /**
     * Records the four skipped Ensure steps as done with the route's ids (the dashboard's pipeline reads them), which
     * is also the step's fence and its read of the number's Twilio sid; then attaches the number to the trunk.
     */
    private Optional<String> attachToTwilioTrunk(String phone, String execution, SharedRoute route) {
        Instant now = Instant.now();
        Map<String, NumberRecord.StepState> skipped = new LinkedHashMap<>();
        skipped.put(ProvisioningStep.ENSURE_TWILIO_TRUNK.stepName(), succeeded(now, route.twilioTrunk()));
        skipped.put(ProvisioningStep.ENSURE_INBOUND_TRUNK.stepName(), succeeded(now, route.inboundTrunk()));
        skipped.put(ProvisioningStep.ENSURE_DISPATCH_RULE.stepName(), succeeded(now, route.dispatchRule()));
        skipped.put(ProvisioningStep.ENSURE_OUTBOUND_TRUNK.stepName(), succeeded(now, route.outboundTrunk()));
        NumberRecord number = numbers.recordSteps(phone, execution, STATUS, skipped, Map.of())
                .orElseThrow(() -> new SupersededException(phone, execution));
        if (number.twilioSid() == null) {
            return Optional.empty(); // an assigned number whose sid was never recorded: the records' path finds it
        }
        try {
            providers.twilio().associateNumber(route.twilioTrunk(), number.twilioSid());
        } catch (ProviderException e) {
            if (e.transient_() || e.httpStatus() != 404) {
                throw e;
            }
            return Optional.empty(); // the trunk is gone: the records' path remakes it
        }
        recorded(numbers.recordStep(phone, execution, ProvisioningStep.ATTACH_TO_TWILIO_TRUNK.stepName(),
                succeeded(Instant.now(), route.twilioTrunk())), phone, execution);
        return Optional.of(route.twilioTrunk());
    }

    private Optional<String> addToInboundTrunk(String phone, String execution, SharedRoute route) {
        Optional<String> added = underFence(ProvisioningStep.ADD_TO_INBOUND_TRUNK, SipInfrastructure.LIVEKIT_INBOUND,
                phone, execution, () -> providers.livekit().updateInboundTrunkNumbers(route.inboundTrunk(),
                        List.of(phone), List.of()), route.inboundTrunk());
        added.ifPresent(trunk -> keepDispatchRule(route));
        return added;
    }

    /**
     * The check the skipped EnsureDispatchRule made: a rule deleted out of band would leave this number ACTIVE with
     * no call reaching a room, so it is looked for on LiveKit (one read, no record read) and, when it is gone or
     * bound elsewhere, made again as the sweep would. After the lease: making a rule takes the same lease.
     */
    private void keepDispatchRule(SharedRoute route) {
        boolean inPlace = providers.livekit().listDispatchRules().stream().anyMatch(d ->
                d.id().equals(route.dispatchRule()) && d.trunkIds().equals(List.of(route.inboundTrunk())));
        if (!inPlace) {
            new InfraDrift(infra, numbers).checkDispatchRule(route.inboundTrunk());
        }
    }

    private Optional<String> addToOutboundTrunk(String phone, String execution, SharedRoute route) {
        return underFence(ProvisioningStep.ADD_TO_OUTBOUND_TRUNK, SipInfrastructure.LIVEKIT_OUTBOUND, phone,
                execution, () -> providers.livekit().updateOutboundTrunkNumbers(route.outboundTrunk(),
                        List.of(phone), List.of()), route.outboundTrunk());
    }

    /**
     * Adds the number to {@code trunk} under the trunk's lease, as the records' path does (a release of the trunk's
     * last number cannot retire it with this one on it), with the step's fence and record in the lease's requests.
     */
    private Optional<String> underFence(ProvisioningStep step, String resource, String phone, String execution,
                                        Runnable add, String trunk) {
        StepFence fence = new StepFence(numbers.fence(phone, execution, STATUS),
                id -> numbers.stepWrite(phone, execution, STATUS, step.stepName(), succeeded(Instant.now(), id)),
                () -> new SupersededException(phone, execution));
        try {
            return Optional.of(infra.exclusively(resource, fence, () -> {
                add.run();
                return trunk;
            }));
        } catch (ProviderException e) {
            if (!e.transient_() && "not_found".equals(e.providerCode())) {
                return Optional.empty(); // retired (and perhaps made again) since the route was read
            }
            throw e;
        }
    }

    private static NumberRecord.StepState succeeded(Instant at, String resource) {
        return new NumberRecord.StepState("SUCCEEDED", at, resource, null, null, null);
    }

    private static void recorded(boolean written, String phone, String execution) {
        if (!written) {
            throw new SupersededException(phone, execution);
        }
    }
}
