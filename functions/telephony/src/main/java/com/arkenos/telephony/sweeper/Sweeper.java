package com.arkenos.telephony.sweeper;

import com.arkenos.telephony.calls.StaleCalls;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.core.log.Metric;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.provisioning.InfraDrift;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Finishes what a dead request or a lost write left under way, on a schedule (template: SweepFunction, every five
 * minutes; locally the runtime runs it): numbers in PURCHASING, PROVISIONING or RELEASING whose execution is absent
 * or ended ({@link NumbersService#settle}), and outbound calls still ringing past the point their dial step could
 * report ({@link StaleCalls#sweep}); and checks the shared SIP resources against the providers, repairing drift
 * ({@link InfraDrift#verify}). Each item is settled with the same version-checked writes a user's retry
 * makes, so a sweep racing a request, or another sweep, changes nothing twice.
 *
 * <p>The providers are asked on a second thread while the numbers and calls are settled: the two share nothing but
 * the lease a repair takes (as a concurrent buy would), and on a cold container the provider clients' first use is
 * mostly class loading, which a second core overlaps with the DynamoDB work instead of adding to it.
 */
public final class Sweeper {
    /** Items looked at per run; the rest wait for the next run, so a run ends well inside the function's timeout. */
    static final int MAX_NUMBERS = 200;
    static final int MAX_CALL_OWNERS = 200;
    private static final Duration BUDGET = Duration.ofSeconds(60);

    private final NumberStore numbers;
    private final NumbersService service;
    private final StaleCalls calls;
    private final InfraDrift drift;
    private final Clock clock;
    private final Executor sharedResourceChecks;

    /** @param sharedResourceChecks runs each run's check of the shared resources (a second thread when deployed) */
    public Sweeper(NumberStore numbers, NumbersService service, StaleCalls calls, InfraDrift drift, Clock clock,
                   Executor sharedResourceChecks) {
        this.numbers = numbers;
        this.service = service;
        this.calls = calls;
        this.drift = drift;
        this.clock = clock;
        this.sharedResourceChecks = sharedResourceChecks;
    }

    /** What one run did; {@code repairs} null when the providers could not be asked. */
    public record Sweep(Map<NumbersService.Settled, Integer> numbers, int numberErrors, int callsSettled,
                        List<String> repairs) {}

    public Sweep run() {
        long deadline = System.nanoTime() + BUDGET.toNanos();
        CompletableFuture<List<String>> repairs =
                CompletableFuture.supplyAsync(Log.inThisInvocation(this::verifySharedResources), sharedResourceChecks);
        Map<NumbersService.Settled, Integer> outcomes = new EnumMap<>(NumbersService.Settled.class);
        int errors = 0;
        for (NumberRecord r : numbers.inFlight(MAX_NUMBERS)) {
            if (System.nanoTime() > deadline) {
                break;
            }
            try {
                outcomes.merge(service.settle(r), 1, Integer::sum);
            } catch (RuntimeException e) {
                // A provider or Step Functions that does not answer, or a request that moved the record first:
                // the next run looks again.
                errors++;
                Log.warn("sweep_number_failed", "phone_number", r.phoneNumber(), "status", r.status().name(),
                        "error", e.getClass().getSimpleName());
            }
        }
        int settledCalls = calls.sweep(clock.instant(), MAX_CALL_OWNERS);
        Sweep sweep = new Sweep(outcomes, errors, settledCalls, repairs.join());
        outcomes.forEach((outcome, n) -> {
            if (outcome != NumbersService.Settled.UNTOUCHED && outcome != NumbersService.Settled.RUNNING) {
                Metric.of("SweeperSettled", Metric.Unit.COUNT, n).dimension("Outcome", outcome.name()).emit();
            }
        });
        if (settledCalls > 0) {
            Metric.of("SweeperSettled", Metric.Unit.COUNT, settledCalls).dimension("Outcome", "CALL_SETTLED").emit();
        }
        Log.info("sweep_finished", "numbers", outcomes.toString(), "number_errors", errors, "calls_settled",
                settledCalls, "repairs", sweep.repairs() == null ? -1 : sweep.repairs().size());
        return sweep;
    }

    private List<String> verifySharedResources() {
        try {
            return drift.verify();
        } catch (RuntimeException e) {
            Log.warn("shared_resources_unverified", "error", e.getClass().getSimpleName());
            return null; // a provider that does not answer: verified at the next run
        }
    }
}
