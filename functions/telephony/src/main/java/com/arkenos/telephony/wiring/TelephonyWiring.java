package com.arkenos.telephony.wiring;

import com.arkenos.telephony.calls.CallStore;
import com.arkenos.telephony.calls.CallbackSender;
import com.arkenos.telephony.calls.CallsService;
import com.arkenos.telephony.calls.DialLauncher;
import com.arkenos.telephony.calls.LambdaDialLauncher;
import com.arkenos.telephony.calls.OutboundCalls;
import com.arkenos.telephony.calls.OutboundDestinations;
import com.arkenos.telephony.calls.OutboundDialer;
import com.arkenos.telephony.calls.RoomEvents;
import com.arkenos.telephony.calls.StaleCalls;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.core.auth.BearerTokens;
import com.arkenos.telephony.core.auth.OperatorAccess;
import com.arkenos.telephony.core.aws.AwsClients;
import com.arkenos.telephony.core.aws.Tables;
import com.arkenos.telephony.core.snapstart.BackgroundWarmUp;
import com.arkenos.telephony.core.snapstart.SnapStart;
import com.arkenos.telephony.numbers.Executions;
import com.arkenos.telephony.numbers.IdempotencyStore;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.numbers.ProvisioningStep;
import com.arkenos.telephony.providers.Providers;
import com.arkenos.telephony.providers.livekit.LiveKitCredentials;
import com.arkenos.telephony.providers.livekit.SdkLiveKitGateway;
import com.arkenos.telephony.providers.twilio.SdkTwilioGateway;
import com.arkenos.telephony.provisioning.InfraDrift;
import com.arkenos.telephony.provisioning.InfraStore;
import com.arkenos.telephony.provisioning.ProvisioningSteps;
import com.arkenos.telephony.provisioning.SharedRoutes;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.SipSettings;
import com.arkenos.telephony.sweeper.Sweeper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the telephony functions' services from the environment, once per handler (a Lambda container builds one
 * handler). Stores are cheap and built at once; provider gateways, the shared SIP infrastructure, Step Functions and
 * Lambda clients on first use, so a request refused before it reaches a provider never pays for one. Handlers'
 * no-arg constructors ask {@link #current()}; nothing below the handlers knows this class.
 */
public final class TelephonyWiring {
    private final Env env;
    private final DynamoDbClient dynamo;
    private final Tables tables;
    private final AgentStore agents;
    private final NumberStore numbers;
    private final InfraStore infraStore;
    private final Providers providers;
    private final Supplier<Executions> executions;
    private final Supplier<DialLauncher> dialer;
    private SipInfrastructure infrastructure;
    private NumbersService numbersService;
    private CallsService calls;
    private ProvisioningSteps steps;

    /**
     * @param dynamo     the DynamoDB client every store shares
     * @param providers  Twilio and LiveKit, their credentials read on first use
     * @param executions the number workflows' Step Functions, built on first use
     * @param dialer     how an outbound call's dial step is started, built on first use
     */
    public TelephonyWiring(Env env, DynamoDbClient dynamo, Providers providers, Supplier<Executions> executions,
                           Supplier<DialLauncher> dialer) {
        this.env = env;
        this.dynamo = dynamo;
        this.tables = Tables.from(env);
        this.agents = new AgentStore(dynamo, tables);
        this.numbers = new NumberStore(dynamo, tables.numbers(), tables.agents());
        this.infraStore = new InfraStore(dynamo, tables.infra());
        this.providers = providers;
        this.executions = executions;
        this.dialer = dialer;
    }

    /** The wiring of the function being built, from its environment ({@link Env#system()}). */
    public static TelephonyWiring current() {
        Env env = Env.system();
        return deployed(env, new Providers(env), () -> new LambdaDialLauncher(env));
    }

    /** The deployed collaborators of {@code env}, the dial step started by {@code dialer}. */
    private static TelephonyWiring deployed(Env env, Providers providers, Supplier<DialLauncher> dialer) {
        return new TelephonyWiring(env, AwsClients.dynamo(env), providers, () -> Executions.from(env), dialer);
    }

    /**
     * As {@link #current()}, for the function that places outbound calls: what its first call runs through and can
     * be made ready without reading or sending anything (the destination rules' phone metadata, LiveKit's CreateRoom
     * request path, the dial step's Lambda client) is warmed on a second thread from the start, beside the building
     * of the rest ({@link BackgroundWarmUp}).
     */
    public static TelephonyWiring warmingOutboundCalls() {
        Env env = Env.system();
        OutboundDestinations destinations = OutboundDestinations.from(env);
        LambdaDialLauncher launcher = new LambdaDialLauncher(env);
        BackgroundWarmUp.start("PlaceOutboundCall", () -> {
            destinations.warmUp();
            SdkLiveKitGateway.loadRoomRequestPath();
            launcher.prepare();
        });
        return deployed(env, new Providers(env), () -> launcher);
    }

    /**
     * As {@link #current()}, for the scheduled sweep: its first run asks Twilio and LiveKit about the shared SIP
     * resources, and their clients' classes load on a second thread from the start ({@link BackgroundWarmUp}).
     */
    public static TelephonyWiring warmingSweep() {
        return warming("Sweep", providers -> providers::loadSharedResourceChecks);
    }

    /** As {@link #current()}, for the function that ends calls: LiveKit's room request path warms beside init. */
    public static TelephonyWiring warmingCallEnd() {
        return warming("EndCall", providers -> () -> {
            providers.loadSecretsClient();
            SdkLiveKitGateway.loadRoomRequestPath();
        });
    }

    /**
     * As {@link #current()}, for a provisioning step's function: the request path of the provider the step calls
     * (Twilio's trunk path or LiveKit's SIP path) warms beside init; the steps that only write records warm nothing.
     */
    public static TelephonyWiring warmingStep(Optional<ProvisioningStep> step) {
        return warming(step.map(ProvisioningStep::stepName).orElse("ProvisioningStep"), providers -> () -> {
            if (step.isEmpty()) {
                return; // a function for every step (the local runtime's): no one provider to warm
            }
            switch (step.get()) {
                case MARK_ACTIVE, MARK_RELEASED -> { }
                case ENSURE_TWILIO_TRUNK, ATTACH_TO_TWILIO_TRUNK, DETACH_FROM_TWILIO_TRUNK -> {
                    providers.loadSecretsClient();
                    SdkTwilioGateway.loadTrunkPath();
                }
                default -> {
                    providers.loadSecretsClient();
                    SdkLiveKitGateway.loadSipListPath();
                }
            }
        });
    }

    /** The deployed wiring, {@code work} (on its providers) started on a second thread first. */
    private static TelephonyWiring warming(String function,
                                           java.util.function.Function<Providers, SnapStart.WarmUp> work) {
        Env env = Env.system();
        Providers providers = new Providers(env);
        BackgroundWarmUp.start(function, work.apply(providers));
        return deployed(env, providers, () -> new LambdaDialLauncher(env));
    }

    public synchronized NumbersService numbers() {
        if (numbersService == null) {
            numbersService = new NumbersService(agents, numbers, new IdempotencyStore(dynamo, tables.idempotency()),
                    providers::twilio, executions.get(),
                    () -> new SharedRoutes(infraStore, java.time.Clock.systemUTC()).verified(),
                    env.intValue("MAX_NUMBERS_PER_OWNER", NumbersService.DEFAULT_MAX_NUMBERS),
                    Boolean.parseBoolean(env.getOrDefault("ALLOW_UNRECORDED_ACCOUNT_NUMBERS", "false")));
        }
        return numbersService;
    }

    public synchronized CallsService calls() {
        if (calls == null) {
            CallStore store = new CallStore(dynamo, tables.calls());
            StaleCalls stale = new StaleCalls(store, providers::livekit);
            OutboundCalls outbound = new OutboundCalls(agents, numbers, this::infrastructure, providers::livekit,
                    providers::terminationCredentials, store, dialer.get(),
                    SipSettings.from(env, null, null).agentName(),
                    env.intValue("RINGING_TIMEOUT_SECONDS", OutboundCalls.DEFAULT_RINGING_TIMEOUT_SECONDS),
                    env.intValue("MAX_CONCURRENT_CALLS_PER_OWNER", OutboundCalls.DEFAULT_MAX_CONCURRENT_CALLS), stale);
            calls = new CallsService(store, outbound, stale, OutboundDestinations.from(env),
                    CallbackSender.allowPrivateHosts(env));
        }
        return calls;
    }

    /** Who may use the operator-only routes. */
    public OperatorAccess operatorAccess() {
        return OperatorAccess.from(env);
    }

    /** A user's token, checked in the function on routes the JWT authorizer does not guard (the operator's). */
    public BearerTokens bearerTokens() {
        return BearerTokens.from(env);
    }

    /** The operator's view of the shared SIP resources: their records, verification and last repair. */
    public InfraStore infraStore() {
        return infraStore;
    }

    /** The scheduled sweep over numbers and calls left under way. */
    public Sweeper sweeper() {
        return new Sweeper(numbers, numbers(),
                new StaleCalls(new CallStore(dynamo, tables.calls()), providers::livekit),
                infraDrift(), java.time.Clock.systemUTC(), sharedResourceChecks());
    }

    /** The check of the shared SIP resources against the providers, with its repairs. */
    public InfraDrift infraDrift() {
        return new InfraDrift(infrastructure(), numbers);
    }

    /**
     * Where a sweep checks the shared resources: on a daemon thread of its own beside the number and call sweeps;
     * in a SnapStart priming copy on the sweep's thread, because a priming tape answers in the recorded order.
     */
    private static java.util.concurrent.Executor sharedResourceChecks() {
        if (SnapStart.priming()) {
            return Runnable::run;
        }
        return task -> {
            Thread thread = new Thread(task, "sweep-shared-resources");
            thread.setDaemon(true);
            thread.start();
        };
    }

    /** The provisioning steps' work, on this wiring's stores and gateways. */
    public synchronized ProvisioningSteps steps() {
        if (steps == null) {
            steps = new ProvisioningSteps(numbers, this::infrastructure, providers);
        }
        return steps;
    }

    /** The dial step's dialer: LiveKit hangs up after MAX_CALL_DURATION_SECONDS (at least 60, default 3600). */
    public OutboundDialer dialer() {
        return new OutboundDialer(new CallStore(dynamo, tables.calls()), providers::livekit, infraStore,
                env.intValue("MAX_CALL_DURATION_SECONDS", OutboundDialer.DEFAULT_MAX_CALL_DURATION_SECONDS));
    }

    /** What LiveKit's room events change: the calls they are about and the numbers they arrive on. */
    public RoomEvents roomEvents() {
        return new RoomEvents(new CallStore(dynamo, tables.calls()), numbers,
                SipSettings.from(env, null, null).roomPrefix());
    }

    /** The LiveKit credentials webhooks are signed with, read on first use. */
    public Supplier<LiveKitCredentials> liveKitCredentials() {
        return providers::liveKitCredentials;
    }

    public NumberStore numberStore() {
        return numbers;
    }

    /** How long provision waits for a resumed provisioning: PROVISION_WAIT_SECONDS, 0-20, default 10. */
    public Duration provisionWait() {
        return Duration.ofSeconds(Math.max(0, Math.min(20, env.intValue("PROVISION_WAIT_SECONDS", 10))));
    }

    /** The shared SIP resources, built on first use. */
    private synchronized SipInfrastructure infrastructure() {
        if (infrastructure == null) {
            // The settings name LiveKit's SIP URI and the Twilio account: read (from Secrets Manager, in AWS) only
            // when a shared resource has to be found or made, not by a call whose outbound trunk is recorded.
            infrastructure = new SipInfrastructure(infraStore, providers::twilio, providers::livekit,
                    () -> SipSettings.from(env, providers.liveKitCredentials().sipUri(),
                            providers.twilioCredentials().accountSid()), numbers::routedNumbers);
        }
        return infrastructure;
    }
}
