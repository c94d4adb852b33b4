package com.arkenos.telephony.numbers;

import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.errors.ConflictException;
import com.arkenos.telephony.core.errors.ForbiddenException;
import com.arkenos.telephony.core.errors.InvalidInputException;
import com.arkenos.telephony.core.errors.LimitExceededException;
import com.arkenos.telephony.core.errors.NotFoundException;
import com.arkenos.telephony.core.errors.ProviderRejectedException;
import com.arkenos.telephony.core.errors.ProviderUnavailableException;
import com.arkenos.telephony.core.errors.TelephonyException;
import com.arkenos.telephony.core.errors.UnavailableException;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.providers.twilio.OwnedNumber;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.providers.twilio.TwilioGateway;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The number lifecycle: buy, assign, release, retry and reassign. The rules that keep money and routing
 * exactly-once live here: a number is claimed in DynamoDB (with its agent, in one transaction) before Twilio is
 * asked to sell it; a purchase whose answer was lost is found in the Twilio account instead of bought again; every
 * status change is conditioned on the version that was read; provisioning runs as a state machine execution whose
 * name is fixed by number, operation and attempt.
 */
public final class NumbersService {
    public static final List<String> PROVISION_STEPS = ProvisioningStep.namesOf(ProvisioningStep.Operation.PROVISION);
    public static final List<String> RELEASE_STEPS = ProvisioningStep.namesOf(ProvisioningStep.Operation.RELEASE);
    /** A PURCHASING record younger than this belongs to a request that may still be running. */
    static final Duration PURCHASE_GRACE = Duration.ofSeconds(60);
    /**
     * A purchase the account still does not show this long after its claim never happened: Twilio answers a purchase
     * within its request, so the sweeper undoes the claim (it never buys).
     */
    static final Duration UNCONFIRMED_PURCHASE = Duration.ofMinutes(10);

    /** Numbers one owner may hold (any status but RELEASED): template MaxNumbersPerOwner. */
    public static final int DEFAULT_MAX_NUMBERS = 25;

    private final AgentStore agents;
    private final NumberStore numbers;
    private final IdempotencyStore idempotency;
    private final Supplier<TwilioGateway> twilio;
    private final Executions executions;
    private final Supplier<Optional<SharedRoute>> sharedRoute;
    private final int maxNumbers;
    /** AllowUnrecordedAccountNumbers: a single-team deployment lets any user assign any number of the account. */
    private final boolean allowUnrecorded;

    /**
     * @param twilio     built on first use: a request refused before it reaches Twilio never builds a client
     * @param sharedRoute the shared SIP pieces, when they are recorded and recently verified: read as a
     *                    provisioning starts, so that it skips the Ensure steps (empty: it runs them)
     * @param maxNumbers  numbers one owner may hold (any status but RELEASED): template MaxNumbersPerOwner
     */
    public NumbersService(AgentStore agents, NumberStore numbers, IdempotencyStore idempotency,
                          Supplier<TwilioGateway> twilio, Executions executions,
                          Supplier<Optional<SharedRoute>> sharedRoute, int maxNumbers, boolean allowUnrecorded) {
        this.agents = agents;
        this.numbers = numbers;
        this.idempotency = idempotency;
        this.twilio = twilio;
        this.executions = executions;
        this.sharedRoute = sharedRoute;
        this.maxNumbers = Math.max(1, maxNumbers);
        this.allowUnrecorded = allowUnrecorded;
    }

    public static List<String> stepsOf(NumberRecord r) {
        return ProvisioningStep.Operation.RELEASE.id().equals(r.operation()) ? RELEASE_STEPS : PROVISION_STEPS;
    }

    // ------------------------------------------------------------------ buy

    public NumberRecord buy(String owner, String phone, String agentId) {
        Agent agent = agents.get(owner, agentId);
        Instant now = now();
        // Not read first: a purchase claims only a number with no record (NumberStore#claim), and a number that has
        // one is answered from it once the claim is refused.
        // The claim carries this request's own token where the execution will later be named: parallel buys of one
        // number by one agent in the same millisecond would otherwise write identical claims, and a refused request
        // would take the winner's claim for its own lost answer and buy again (seen: a second purchase refused by
        // Twilio, then a 500 undoing a claim that was not its own).
        NumberRecord claim = new NumberRecord(phone, owner, agent.id(), null, NumberStatus.PURCHASING, "purchased",
                "provision", 0, "claim-" + java.util.UUID.randomUUID(), null, Map.of(), null, now, now, 1);
        try {
            claimWithinLimit(claim, agent);
        } catch (NumberStore.ClaimRefused refused) {
            Optional<NumberRecord> held = numbers.find(phone);
            if (held.isPresent() && isClaim(held.get(), claim)) {
                // This request's claim went through and the answer was lost: the client's retry of the same
                // transaction (after a timeout) is what was refused. The claim is ours: go on.
                return purchaseAndProvision(claim, false, agent.version());
            }
            return refused.failure() == NumberStore.ClaimFailure.NUMBER_HELD
                    ? buyReplay(owner, agent, held.orElseThrow(() -> busy()))
                    : agentUnavailable(owner, agentId);
        }
        return purchaseAndProvision(claim, false, agent.version());
    }

    /** A buy for a number that already has a record: the same request again, or a conflict. */
    private NumberRecord buyReplay(String owner, Agent agent, NumberRecord existing) {
        if (!existing.owner().equals(owner)) {
            throw new ConflictException("number_unavailable", existing.phoneNumber() + " is not available");
        }
        refuseWhileReleasing(existing);
        if (existing.status() == NumberStatus.RELEASED) {
            throw new ConflictException("number_already_owned", existing.phoneNumber()
                    + " is already in your Twilio account; assign it with POST /api/telephony/numbers/assign");
        }
        if (!agent.id().equals(existing.agentId())) {
            throw new ConflictException("number_assigned",
                    existing.phoneNumber() + " is assigned to another of your agents");
        }
        if (existing.status() == NumberStatus.PURCHASING) {
            return resumePurchase(existing);
        }
        if (existing.status() == NumberStatus.PROVISIONING) {
            return resumeRunning(existing); // a workflow that never started, or ended unrecorded, is resumed
        }
        return existing;
    }

    /**
     * Finishes a purchase whose request died. Only a record older than the grace period is touched, and only by
     * the request that wins the version check, so two replays cannot both reach Twilio.
     */
    private NumberRecord resumePurchase(NumberRecord record) {
        if (record.updatedAt().isAfter(now().minus(PURCHASE_GRACE))) {
            throw new ConflictException("purchase_in_progress", "the purchase of " + record.phoneNumber()
                    + " is in progress; check GET /api/telephony/numbers/" + record.phoneNumber());
        }
        NumberRecord mine = numbers.update(record, Map.of()).orElseThrow(NumbersService::busy);
        return purchaseAndProvision(mine, true, UNKNOWN_VERSION);
    }

    /** The agent's version before the claim is not known (a claim an earlier request made). */
    private static final long UNKNOWN_VERSION = -1;

    /**
     * @param agentVersion the agent's version this request read before claiming, so that a claim undone at once can
     *                     put the agent back exactly as it was ({@link #UNKNOWN_VERSION} when it was not read)
     */
    private NumberRecord purchaseAndProvision(NumberRecord claim, boolean resumed, long agentVersion) {
        String phone = claim.phoneNumber();
        OwnedNumber owned;
        try {
            Optional<OwnedNumber> already = resumed ? twilio.get().findOwned(phone) : Optional.empty();
            owned = already.isPresent() ? already.get() : twilio.get().buy(phone);
        } catch (ProviderException e) {
            owned = lostPurchase(claim, e, agentVersion);
        }
        Log.info("number_purchased", "phone_number", phone, "twilio_sid", owned.sid(), "resumed", resumed);
        return startOperation(claim, "provision", Map.of(NumberStore.SID, AttributeValue.fromS(owned.sid())));
    }

    /**
     * Twilio did not confirm the purchase. A refusal (a 4xx, or 429: refused before any work) means nothing was
     * bought: the claim is undone. Any other failure (no answer, a 5xx) may hide a purchase that went through, or that
     * is still going through: the account is asked, and when it does not show the number yet, the claim stays
     * (PURCHASING) for a replay after the grace period to settle. Undoing it then would leave a purchase that commits
     * late in the account with no record, and make every later buy of the number fail as "not available".
     */
    private OwnedNumber lostPurchase(NumberRecord claim, ProviderException e, long agentVersion) {
        if (!e.transient_() || e.httpStatus() == 429) {
            numbers.abandonClaim(current(claim), agentVersion);
            if (e.transient_()) {
                throw new ProviderUnavailableException("provider_unavailable",
                        "Twilio is rate limiting (" + e.providerCode() + "); nothing was bought. Try again.");
            }
            throw new ConflictException("number_unavailable", "Twilio refused to sell " + claim.phoneNumber()
                    + " (" + e.providerCode() + "): " + providerMessage(e));
        }
        Optional<OwnedNumber> found;
        try {
            found = twilio.get().findOwned(claim.phoneNumber());
        } catch (ProviderException again) {
            found = Optional.empty();
        }
        if (found.isPresent()) {
            return found.get();
        }
        Log.warn("purchase_outcome_unknown", "phone_number", claim.phoneNumber(), "provider_status", e.httpStatus());
        throw new UnavailableException("purchase_outcome_unknown", "Twilio did not confirm the purchase of "
                + claim.phoneNumber() + "; nothing will be bought twice. Send the same request again (or POST"
                + " /api/telephony/numbers/retry) in a minute.");
    }

    // ------------------------------------------------------------------ assign

    public NumberRecord assign(String owner, String phone, String agentId) {
        Agent agent = agents.get(owner, agentId);
        Optional<NumberRecord> existing = numbers.find(phone);
        if (existing.isPresent() && existing.get().status() != NumberStatus.RELEASED) {
            NumberRecord e = existing.get();
            if (!e.owner().equals(owner)) {
                throw new ConflictException("number_unavailable", phone + " is not available");
            }
            refuseWhileReleasing(e);
            if (agent.id().equals(e.agentId())) {
                return e.status() == NumberStatus.PROVISIONING ? resumeRunning(e) : e;
            }
            throw new ConflictException("number_assigned", phone + " is assigned to another of your agents;"
                    + " use POST /api/telephony/numbers/reassign to move it");
        }
        // Only a number this owner held (its released record, or one an operator granted them) may be assigned,
        // unless the deployment is a single team's. Someone else's number, an account number nobody recorded and a
        // number not in the account all get the same answer, decided before Twilio is asked, so the answers and
        // their timing do not reveal the operator's inventory.
        boolean mine = existing.isPresent() && existing.get().owner().equals(owner);
        if (!mine && (existing.isPresent() || !allowUnrecorded)) {
            throw notAvailable(phone);
        }
        OwnedNumber owned;
        try {
            owned = twilio.get().findOwned(phone).orElseThrow(() -> new NotFoundException(phone
                    + " is not in the Twilio account; buy it with POST /api/telephony/numbers/buy"));
        } catch (ProviderException e) {
            throw providerError(e);
        }
        Instant now = now();
        int attempt = existing.map(NumberRecord::attempt).orElse(0) + 1;
        Instant created = existing.map(NumberRecord::createdAt).orElse(now);
        String execution = Executions.name("provision", phone, attempt, created);
        NumberRecord claim = new NumberRecord(phone, owner, agent.id(), owned.sid(), NumberStatus.PROVISIONING,
                "assigned", "provision", attempt, execution, executions.arn("provision", execution), Map.of(), null,
                created, now, existing.map(r -> r.version() + 1).orElse(1L));
        try {
            claimWithinLimit(claim, agent);
        } catch (NumberStore.ClaimRefused refused) {
            if (refused.failure() == NumberStore.ClaimFailure.AGENT_UNAVAILABLE) {
                return agentUnavailable(owner, agentId);
            }
            NumberRecord winner = numbers.find(phone).orElseThrow(NumbersService::busy);
            if (isClaim(winner, claim)) {
                return launch(claim); // this request's own claim, whose answer was lost (see buy)
            }
            if (winner.owner().equals(owner) && agent.id().equals(winner.agentId())) {
                return winner;
            }
            throw new ConflictException(winner.owner().equals(owner) ? "number_assigned" : "number_unavailable",
                    phone + (winner.owner().equals(owner)
                            ? " is assigned to another of your agents"
                            : " is not available"));
        }
        return launch(claim);
    }

    /**
     * Claims the number within the owner's MaxNumbersPerOwner. At the limit, numbers whose release was not counted
     * (a lost write) are dropped from the count first; then 409 {@code number_limit}, before Twilio is asked anything.
     */
    private void claimWithinLimit(NumberRecord claim, Agent agent) {
        try {
            numbers.claim(claim, agent, maxNumbers);
        } catch (NumberStore.ClaimRefused refused) {
            if (refused.failure() != NumberStore.ClaimFailure.NUMBER_LIMIT) {
                throw refused;
            }
            if (numbers.held().reconcile(claim.owner(), numbers) > 0) {
                try {
                    numbers.claim(claim, agent, maxNumbers);
                    return;
                } catch (NumberStore.ClaimRefused again) {
                    if (again.failure() != NumberStore.ClaimFailure.NUMBER_LIMIT) {
                        throw again;
                    }
                }
            }
            Log.info("number_limit_reached", "owner_numbers", maxNumbers);
            throw new ConflictException("number_limit", "this owner already holds " + maxNumbers + " phone numbers, the"
                    + " most MaxNumbersPerOwner (" + maxNumbers + ") allows; release one first. Nothing was bought.");
        }
    }

    /**
     * A number being released, or whose release failed, belongs to its release: an assign or a replayed buy would
     * answer 200 and the running release would then take the number away (it ends RELEASED, the agent without it).
     * Retry finishes a failed release; then the number can be assigned.
     */
    private static void refuseWhileReleasing(NumberRecord r) {
        if (r.status() == NumberStatus.RELEASING) {
            throw new ConflictException("operation_in_progress", r.phoneNumber() + " is being released (RELEASING);"
                    + " assign it again once it is RELEASED");
        }
        if (r.status() == NumberStatus.FAILED && "release".equals(r.operation())) {
            throw new ConflictException("operation_in_progress", "the release of " + r.phoneNumber() + " FAILED and is"
                    + " not finished; POST /api/telephony/numbers/retry to finish it, then assign the number");
        }
    }

    // ------------------------------------------------------------------ release / retry / reassign

    public NumberRecord release(String owner, Target target) {
        NumberRecord r = resolve(owner, target);
        switch (r.status()) {
            case RELEASING, RELEASED:
                return r;
            case ACTIVE, FAILED:
                return startOperation(r, "release", Map.of());
            case PROVISIONING:
                if (!workflowRunning(r)) {
                    // The provisioning never started (or ended unrecorded): nothing is routing it but the release.
                    return startOperation(r, "release", Map.of());
                }
                throw new ConflictException("operation_in_progress", r.phoneNumber() + " is " + r.status()
                        + "; release it when provisioning has finished");
            default:
                throw new ConflictException("operation_in_progress", r.phoneNumber() + " is " + r.status()
                        + "; release it when provisioning has finished");
        }
    }

    public NumberRecord retry(String owner, Target target) {
        NumberRecord r = resolve(owner, target);
        switch (r.status()) {
            case ACTIVE:
                return r;
            case RELEASED:
                throw new ConflictException("number_released", r.phoneNumber()
                        + " was released; assign it again with POST /api/telephony/numbers/assign");
            case PURCHASING:
                return resumePurchase(r);
            case FAILED:
                return startOperation(r, r.operation(), Map.of());
            default:
                return resumeRunning(r);
        }
    }

    /**
     * A number in PROVISIONING or RELEASING: if its execution is running, nothing to do; if it never started,
     * start it (same name, so harmless); if it ended without recording its outcome, run a new attempt.
     */
    private NumberRecord resumeRunning(NumberRecord r) {
        return restartUnlessRunning(r).orElse(r);
    }

    /** What {@link #resumeRunning} did: empty when the execution is running and nothing was done. */
    private Optional<NumberRecord> restartUnlessRunning(NumberRecord r) {
        // The ARN is written before the execution is started, so a recorded ARN may name one that never ran.
        Optional<String> status = r.executionArn() == null ? Optional.empty() : executions.status(r.executionArn());
        if (status.isEmpty()) {
            return Optional.of(launch(r));
        }
        if (status.get().equals("RUNNING")) {
            return Optional.empty();
        }
        NumberRecord latest = numbers.find(r.phoneNumber()).orElseThrow(NumbersService::busy);
        if (latest.status() != r.status() || latest.version() != r.version()) {
            return Optional.of(latest);
        }
        return Optional.of(startOperation(latest, latest.operation(), Map.of()));
    }

    /**
     * Whether the record's execution is running, or may be about to: one that does not exist yet, on a record
     * written in the last {@link #PURCHASE_GRACE}, belongs to a request that may still be starting it.
     */
    private boolean workflowRunning(NumberRecord r) {
        Optional<String> status = r.executionArn() == null ? Optional.empty() : executions.status(r.executionArn());
        return status.map("RUNNING"::equals).orElseGet(() -> r.updatedAt().isAfter(now().minus(PURCHASE_GRACE)));
    }

    // ------------------------------------------------------------------ the sweeper

    /** What the sweeper did with one number. */
    public enum Settled { UNTOUCHED, RUNNING, RESUMED, PURCHASE_FINISHED, CLAIM_UNDONE, PURCHASE_UNCONFIRMED }

    /**
     * The sweeper's turn on a number whose operation is under way and whose record nobody touched for
     * {@link #PURCHASE_GRACE}. A purchase whose request died is finished when Twilio shows the number and undone
     * when it still does not after {@link #UNCONFIRMED_PURCHASE}: the sweeper never buys. A provisioning or release
     * whose execution never started, or ended without recording its outcome, is started again, as retry would.
     */
    public Settled settle(NumberRecord r) {
        if (r.updatedAt().isAfter(now().minus(PURCHASE_GRACE))) {
            return Settled.UNTOUCHED;
        }
        return switch (r.status()) {
            case PURCHASING -> settlePurchase(r);
            case PROVISIONING, RELEASING -> restartUnlessRunning(r).isPresent() ? Settled.RESUMED : Settled.RUNNING;
            default -> Settled.UNTOUCHED;
        };
    }

    private Settled settlePurchase(NumberRecord r) {
        Optional<OwnedNumber> owned;
        try {
            owned = twilio.get().findOwned(r.phoneNumber());
        } catch (ProviderException e) {
            return Settled.PURCHASE_UNCONFIRMED; // asked again at the next sweep
        }
        if (owned.isPresent()) {
            // The version check lets one sweeper (or replay) finish it; the loser finds the record moved on.
            NumberRecord mine = numbers.update(r, Map.of()).orElseThrow(NumbersService::busy);
            startOperation(mine, "provision", Map.of(NumberStore.SID, AttributeValue.fromS(owned.get().sid())));
            return Settled.PURCHASE_FINISHED;
        }
        if (r.updatedAt().isAfter(now().minus(UNCONFIRMED_PURCHASE))) {
            return Settled.PURCHASE_UNCONFIRMED;
        }
        numbers.abandonClaim(r);
        Log.info("purchase_claim_undone", "phone_number", r.phoneNumber());
        return Settled.CLAIM_UNDONE;
    }

    public NumberRecord reassign(String owner, String phone, String targetAgentId) {
        NumberRecord r = resolve(owner, new Target(phone, null));
        Agent target = agents.get(owner, targetAgentId);
        if (target.id().equals(r.agentId())) {
            throw new ConflictException("already_assigned", phone + " is already assigned to this agent");
        }
        if (r.status() != NumberStatus.ACTIVE && r.status() != NumberStatus.FAILED) {
            throw new ConflictException("operation_in_progress", phone + " is " + r.status()
                    + (r.status() == NumberStatus.RELEASED ? "; use assign" : "; try again when it has finished"));
        }
        if (target.phoneNumber() != null) {
            throw new ConflictException("agent_has_number", "the target agent already has " + target.phoneNumber()
                    + "; release it first");
        }
        if (!numbers.reassign(r, target)) {
            NumberRecord latest = numbers.find(phone).orElseThrow(NumbersService::busy);
            if (target.id().equals(latest.agentId())) {
                return latest;
            }
            throw new ConflictException("concurrent_change",
                    phone + " or the target agent changed meanwhile; try again");
        }
        Log.info("number_reassigned", "phone_number", phone, "from", r.agentId(), "to", target.id());
        return numbers.find(phone).orElseThrow(NumbersService::busy);
    }

    // ------------------------------------------------------------------ reads

    public NumberRecord get(String owner, String phone) {
        return numbers.find(phone).filter(r -> r.owner().equals(owner))
                .orElseThrow(() -> new NotFoundException("number not found"));
    }

    /** Which of the caller's agents holds {@code phone}; another owner's number looks unassigned. */
    public Optional<NumberRecord> assignedToCaller(String owner, String phone) {
        return numbers.find(phone)
                .filter(r -> r.owner().equals(owner) && r.agentId() != null && r.status() != NumberStatus.RELEASED);
    }

    /** The number named by phone or by the agent that holds it, owned by {@code owner}. */
    public record Target(String phone, String agentId) {}

    private NumberRecord resolve(String owner, Target target) {
        String phone = target.phone();
        if (phone == null) {
            Agent agent = agents.get(owner, target.agentId());
            if (agent.phoneNumber() == null) {
                throw new ConflictException("no_number", "the agent has no phone number");
            }
            phone = agent.phoneNumber();
        }
        return get(owner, phone);
    }

    // ------------------------------------------------------------------ operations

    /** Moves the number into a new attempt of {@code operation} and starts its execution. */
    private NumberRecord startOperation(NumberRecord r, String operation, Map<String, AttributeValue> extra) {
        int attempt = r.attempt() + 1;
        String execution = Executions.name(operation, r.phoneNumber(), attempt, r.createdAt());
        Map<String, AttributeValue> changes = new HashMap<>(extra);
        changes.put(NumberStore.STATUS, AttributeValue.fromS(
                (operation.equals("release") ? NumberStatus.RELEASING : NumberStatus.PROVISIONING).name()));
        changes.put(NumberStore.OPERATION, AttributeValue.fromS(operation));
        changes.put(NumberStore.ATTEMPT, AttributeValue.fromN(Integer.toString(attempt)));
        changes.put(NumberStore.EXECUTION, AttributeValue.fromS(execution));
        // Named before the start (Step Functions makes it from the name), so starting needs no second write.
        String arn = executions.arn(operation, execution);
        changes.put(NumberStore.EXECUTION_ARN, arn == null ? null : AttributeValue.fromS(arn));
        changes.put(NumberStore.LAST_ERROR, null);
        if (!operation.equals(r.operation())) {
            changes.put(NumberStore.STEPS, AttributeValue.fromM(Map.of()));
        }
        Optional<NumberRecord> moved = numbers.update(r, changes);
        if (moved.isEmpty()) {
            // Either another request moved it, or this write went through and its answer was lost (the client
            // retried it and the retry found the version moved on): the execution name it wrote tells which.
            NumberRecord latest = numbers.find(r.phoneNumber()).orElseThrow(NumbersService::busy);
            if (!execution.equals(latest.execution()) || latest.version() != r.version() + 1) {
                throw new ConflictException("concurrent_change",
                        r.phoneNumber() + " changed meanwhile; reload and try again");
            }
            moved = Optional.of(latest);
        }
        return launch(moved.get());
    }

    /**
     * Starts the record's execution; a provisioning carries the shared route it may skip the Ensure steps with. The
     * record names the execution's ARN already; one written before ARNs were named first is given it here. The number
     * is consistent even if this fails.
     */
    private NumberRecord launch(NumberRecord r) {
        String arn;
        try {
            Optional<SharedRoute> route = r.operation().equals("release") ? Optional.empty() : sharedRoute.get();
            arn = executions.start(r.operation(), r.phoneNumber(), r.execution(), route);
        } catch (RuntimeException e) {
            Log.error("execution_start_failed", e, "phone_number", r.phoneNumber(), "execution", r.execution());
            throw new UnavailableException("workflow_unavailable", "the " + r.operation() + " workflow could not start;"
                    + " the number is recorded as " + r.status() + ". POST /api/telephony/numbers/retry to start it.");
        }
        Log.info("execution_started", "phone_number", r.phoneNumber(), "execution", r.execution());
        if (arn.equals(r.executionArn())) {
            return r;
        }
        Optional<NumberRecord> written = numbers.finishStepAndRead(r.phoneNumber(), r.execution(), r.status(),
                Map.of(NumberStore.EXECUTION_ARN, AttributeValue.fromS(arn)));
        // Not written when the execution moved the record first: then it is read as it is now.
        return written.or(() -> numbers.find(r.phoneNumber())).orElse(r);
    }

    /** Whether {@code found} is exactly the record {@code claim} wrote (same owner, agent, creation and version). */
    private static boolean isClaim(NumberRecord found, NumberRecord claim) {
        return found.owner().equals(claim.owner()) && claim.agentId().equals(found.agentId())
                && found.status() == claim.status() && found.version() == claim.version()
                && found.createdAt().equals(claim.createdAt()) && found.updatedAt().equals(claim.updatedAt())
                && java.util.Objects.equals(found.execution(), claim.execution());
    }

    /** The one answer for a number this owner may not assign, whatever the reason. */
    private static ConflictException notAvailable(String phone) {
        return new ConflictException("number_unavailable", phone + " is not available");
    }

    /**
     * An operator lets {@code owner} assign {@code phone}, a number of the account nobody recorded: it is recorded
     * as RELEASED by them (source {@code granted}), which is what assign accepts. Granting it to the owner who
     * already has it changes nothing; a number someone else holds or held is refused.
     */
    /**
     * A released number (routing removed, still in the account) moves to the owner the operator names, without the
     * previous owner's history: their agent, steps, errors and executions are not the new owner's to read.
     */
    private NumberRecord handOver(NumberRecord released, String owner) {
        Map<String, AttributeValue> changes = new java.util.HashMap<>();
        changes.put(NumberStore.OWNER, AttributeValue.fromS(owner));
        changes.put(NumberStore.SOURCE, AttributeValue.fromS("granted"));
        changes.put(NumberStore.ATTEMPT, AttributeValue.fromN("0"));
        changes.put(NumberStore.CREATED, AttributeValue.fromS(now().toString()));
        for (String history : List.of(NumberStore.AGENT, NumberStore.STEPS, NumberStore.LAST_ERROR,
                NumberStore.EXECUTION, NumberStore.EXECUTION_ARN)) {
            changes.put(history, null);
        }
        // Conditioned on the version read: an assign by the previous owner that came first wins, and this answers
        // as the grant of a number in use.
        return numbers.update(released, changes).map(moved -> {
            Log.info("number_granted", "phone_number", moved.phoneNumber(), "handed_over", true);
            return moved;
        }).orElseGet(() -> grant(released.phoneNumber(), owner));
    }

    public NumberRecord grant(String phone, String owner) {
        Optional<NumberRecord> existing = numbers.find(phone);
        if (existing.isPresent()) {
            NumberRecord r = existing.get();
            if (r.owner().equals(owner)) {
                return r;
            }
            if (r.status() != NumberStatus.RELEASED) {
                throw new ConflictException("number_in_use", phone + " is in use by another owner; it can be granted"
                        + " once they release it");
            }
            return handOver(r, owner);
        }
        Instant now = now();
        NumberRecord granted = new NumberRecord(phone, owner, null, null, NumberStatus.RELEASED, "granted",
                "release", 0, null, null, Map.of(), null, now, now, 1);
        if (!numbers.recordGrant(granted)) {
            return grant(phone, owner); // recorded meanwhile: answered as above
        }
        Log.info("number_granted", "phone_number", phone);
        return granted;
    }

    private NumberRecord agentUnavailable(String owner, String agentId) {
        Agent agent = agents.get(owner, agentId);
        throw new ConflictException("agent_has_number", "the agent already has " + agent.phoneNumber()
                + "; release it first");
    }

    private NumberRecord current(NumberRecord r) {
        return numbers.find(r.phoneNumber()).orElse(r);
    }

    static TelephonyException providerError(ProviderException e) {
        return e.transient_()
                ? new ProviderUnavailableException("provider_unavailable",
                        e.provider() + " is unavailable (" + e.providerCode() + "); nothing was changed. Try again.")
                : new ProviderRejectedException("provider_error",
                        e.provider() + " refused the request (" + e.providerCode() + "): " + providerMessage(e));
    }

    private static String providerMessage(ProviderException e) {
        String m = e.getMessage();
        int colon = m.indexOf(": ");
        return colon >= 0 ? m.substring(colon + 2) : m;
    }

    private static ConflictException busy() {
        return new ConflictException("concurrent_change", "the number changed meanwhile; try again");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    // ------------------------------------------------------------------ the routes' other reads

    /** Twilio's available numbers; a country Twilio has no inventory for is an empty list. */
    public List<com.arkenos.telephony.providers.twilio.AvailableNumber> search(
            com.arkenos.telephony.providers.twilio.NumberSearch search) {
        try {
            return twilio.get().searchAvailable(search);
        } catch (ProviderException e) {
            if (!e.transient_() && e.httpStatus() == 404) {
                return List.of();
            }
            throw providerError(e);
        }
    }

    /**
     * Buys as {@link #buy}, once per Idempotency-Key: the key with another request is refused. A buy refused (the
     * number, the agent or the limit says no) unbinds the key it bound, so the refusal leaves nothing behind.
     */
    public NumberRecord buy(String owner, String phone, String agentId, Optional<String> idempotencyKey) {
        if (idempotencyKey.isEmpty()) {
            return buy(owner, phone, agentId);
        }
        String key = owner + "#buy#" + idempotencyKey.get();
        String fingerprint = phone + "|" + agentId;
        boolean bound = idempotency.claimOrMatch(key, fingerprint);
        try {
            return buy(owner, phone, agentId);
        } catch (ConflictException | NotFoundException | InvalidInputException | ForbiddenException
                 | LimitExceededException refused) {
            if (bound) {
                idempotency.release(key, fingerprint);
            }
            throw refused;
        }
    }

    public com.arkenos.telephony.core.store.Page<NumberRecord> list(String owner, int limit, String cursor) {
        return numbers.listByOwner(owner, limit, cursor);
    }

    /** The name of the owner's agent, or null when it is gone. */
    public String agentName(String owner, String agentId) {
        return agentId == null ? null : agents.find(owner, agentId).map(Agent::name).orElse(null);
    }
}
