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
import com.arkenos.telephony.providers.livekit.LiveKitCredentials;
import com.arkenos.telephony.calls.StaleCalls;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.provisioning.Executions;
import com.arkenos.telephony.provisioning.ProvisioningSteps;
import com.arkenos.telephony.provisioning.SipSettings;
import com.arkenos.telephony.provisioning.Telephony;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Builds the telephony functions' services from the environment, once per handler (a Lambda container builds one
 * handler), each on first use: a function that never starts an execution never builds a Step Functions client.
 * Handlers' no-arg constructors ask {@link #current()}; nothing below the handlers knows this class.
 */
public final class TelephonyWiring {
    /** Set while SnapStart priming builds a copy of a handler on stand-ins. */
    private static final ThreadLocal<TelephonyWiring> OVERRIDE = new ThreadLocal<>();

    private final Env env;
    private final Telephony telephony;
    private final Supplier<Executions> executions;
    private final Supplier<DialLauncher> dialer;
    private NumbersService numbers;
    private CallsService calls;
    private ProvisioningSteps steps;

    public TelephonyWiring(Env env, Telephony telephony, Supplier<Executions> executions,
                           Supplier<DialLauncher> dialer) {
        this.env = env;
        this.telephony = telephony;
        this.executions = executions;
        this.dialer = dialer;
    }

    /** The wiring of the function being built: its environment's ({@link Env#system()}), or priming's. */
    public static TelephonyWiring current() {
        TelephonyWiring o = OVERRIDE.get();
        if (o != null) {
            return o;
        }
        Env env = Env.system();
        return new TelephonyWiring(env, new Telephony(env), () -> Executions.from(env),
                () -> new LambdaDialLauncher(env));
    }

    /** Builds {@code handler} on {@code wiring} instead of the environment's (SnapStart priming's copies). */
    public static <T> T building(TelephonyWiring wiring, Supplier<T> handler) {
        TelephonyWiring before = OVERRIDE.get();
        OVERRIDE.set(wiring);
        try {
            return handler.get();
        } finally {
            OVERRIDE.set(before);
        }
    }

    public synchronized NumbersService numbers() {
        if (numbers == null) {
            numbers = new NumbersService(telephony, executions.get());
        }
        return numbers;
    }

    public synchronized CallsService calls() {
        if (calls == null) {
            CallStore store = new CallStore(telephony.dynamo(), telephony.tables().calls());
            StaleCalls stale = new StaleCalls(store, telephony.providers()::livekit);
            OutboundCalls outbound = new OutboundCalls(telephony, store, dialer.get(),
                    SipSettings.from(env, null, null).agentName(),
                    env.intValue("RINGING_TIMEOUT_SECONDS", OutboundCalls.DEFAULT_RINGING_TIMEOUT_SECONDS),
                    env.intValue("MAX_CONCURRENT_CALLS_PER_OWNER", OutboundCalls.DEFAULT_MAX_CONCURRENT_CALLS), stale);
            calls = new CallsService(store, outbound, stale, OutboundDestinations.from(env),
                    CallbackSender.allowPrivateHosts(env));
        }
        return calls;
    }

    /** How long provision waits for a resumed provisioning: PROVISION_WAIT_SECONDS, 0-20, default 10. */
    public Duration provisionWait() {
        return Duration.ofSeconds(Math.max(0, Math.min(20, env.intValue("PROVISION_WAIT_SECONDS", 10))));
    }

    /** The provisioning steps' work, on this wiring's stores and gateways. */
    public synchronized ProvisioningSteps steps() {
        if (steps == null) {
            steps = new ProvisioningSteps(telephony.numbers(), telephony::infrastructure, telephony.providers());
        }
        return steps;
    }

    /** The dial step's dialer: LiveKit hangs up after MAX_CALL_DURATION_SECONDS (at least 60, default 3600). */
    public OutboundDialer dialer() {
        return new OutboundDialer(new CallStore(telephony.dynamo(), telephony.tables().calls()),
                telephony.providers()::livekit, telephony.infraStore(),
                env.intValue("MAX_CALL_DURATION_SECONDS", OutboundDialer.DEFAULT_MAX_CALL_DURATION_SECONDS));
    }

    /** What LiveKit's room events change: the calls they are about and the numbers they arrive on. */
    public RoomEvents roomEvents() {
        return new RoomEvents(new CallStore(telephony.dynamo(), telephony.tables().calls()), telephony.numbers(),
                SipSettings.from(env, null, null).roomPrefix());
    }

    /** The LiveKit credentials webhooks are signed with, read on first use. */
    public Supplier<LiveKitCredentials> liveKitCredentials() {
        return telephony.providers()::liveKitCredentials;
    }

    public NumberStore numberStore() {
        return telephony.numbers();
    }

    /** The collaborators the dial step and the webhook take. */
    public Telephony telephony() {
        return telephony;
    }

    public Env env() {
        return env;
    }
}
