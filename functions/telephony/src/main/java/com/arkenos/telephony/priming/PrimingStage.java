package com.arkenos.telephony.priming;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.aws.AwsClients;
import com.arkenos.telephony.core.aws.Tables;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.providers.Providers;
import com.arkenos.telephony.provisioning.SipSettings;
import com.arkenos.telephony.calls.LambdaDialLauncher;
import com.arkenos.telephony.numbers.Executions;
import com.arkenos.telephony.wiring.TelephonyWiring;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.util.HashMap;
import java.util.Map;

/**
 * The wiring a priming copy of a handler runs on: a {@link PrimingWorld} behind one loopback {@link StandIn}, a
 * DynamoDB client to it, and a {@link TelephonyWiring} whose environment sends everything else there too: Twilio
 * ({@code TWILIO_API_BASE_URL}) and LiveKit ({@code LIVEKIT_URL}) with fixed priming credentials, so that no secret is
 * fetched; Step Functions and Lambda. Clients are built as the function builds its own (region, credentials provider,
 * HTTP clients, timeouts), but every one of them is new: nothing the function will use after the snapshot (its
 * clients, the shared DynamoDB clients of {@link AwsClients}, the secrets {@link Providers} memoises) is built, changed
 * or cached by priming. {@link #close()} releases every client and the stand-in.
 */
public final class PrimingStage implements AutoCloseable {
    static final String ACCOUNT_SID = "AC00000000000000000000000000000001";
    static final String SIP_URI = "priming.sip.livekit.invalid";
    static final String LIVEKIT_API_KEY = "APIpriming";
    static final String LIVEKIT_API_SECRET = "priming-secret-that-signs-nothing-real";

    private final Env env;
    private final StandIn standIn;
    private final PrimingWorld world;
    private final AwsCredentialsProvider credentials;
    private final DynamoDbClient dynamo;
    private final Providers providers;
    private final TelephonyWiring wiring;
    private final Region region;
    private SfnClient sfn;
    private LambdaClient lambda;

    private PrimingStage(Env real) {
        String terminationUser = real.getOrDefault("TERMINATION_USERNAME", "arkenos-lk");
        this.world = new PrimingWorld(Tables.from(real), SipSettings.from(real, SIP_URI, ACCOUNT_SID), ACCOUNT_SID,
                terminationUser);
        this.standIn = StandIn.serving(world);
        String url = standIn.endpoint().toString();
        Map<String, String> o = new HashMap<>();
        // Blank secret ARNs: the credentials below are used and no secret is fetched.
        o.put("TWILIO_SECRET_ARN", "");
        o.put("LIVEKIT_SECRET_ARN", "");
        o.put("TERMINATION_SECRET_ARN", "");
        o.put("TWILIO_ACCOUNT_SID", ACCOUNT_SID);
        o.put("TWILIO_AUTH_TOKEN", "priming-auth-token");
        o.put("TWILIO_API_BASE_URL", url);
        o.put("TWILIO_CONNECT_TIMEOUT_MS", "2000");
        o.put("TWILIO_READ_TIMEOUT_MS", "5000");
        o.put("LIVEKIT_URL", url);
        o.put("LIVEKIT_API_KEY", LIVEKIT_API_KEY);
        o.put("LIVEKIT_API_SECRET", LIVEKIT_API_SECRET);
        o.put("LIVEKIT_SIP_URI", SIP_URI);
        o.put("LIVEKIT_CONNECT_TIMEOUT_MS", "2000");
        o.put("LIVEKIT_READ_TIMEOUT_MS", "5000");
        o.put("TERMINATION_USERNAME", terminationUser);
        o.put("TERMINATION_PASSWORD", "priming-password");
        o.put("AWS_ENDPOINT_URL_SFN", url);
        o.put("AWS_ENDPOINT_URL_LAMBDA", url);
        o.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", url);
        o.put("DIAL_CALL_FUNCTION", real.getOrDefault("DIAL_CALL_FUNCTION", "priming-dial-call"));
        this.env = real.with(o);
        this.region = Region.of(AwsClients.region(real));
        this.credentials = credentials(real);
        this.dynamo = DynamoDbClient.builder().region(region).credentialsProvider(credentials)
                .httpClient(standIn.httpClient()).endpointOverride(standIn.endpoint()).build();
        this.providers = new Providers(env);
        this.wiring = new TelephonyWiring(env, dynamo, providers, this::executions,
                () -> new LambdaDialLauncher(env, lambda()));
    }

    /** A stage for a handler whose environment is {@code real}. */
    public static PrimingStage open(Env real) {
        return new PrimingStage(real);
    }

    /** The handler's environment with everything pointed at the stand-in. */
    public Env env() {
        return env;
    }

    public PrimingWorld world() {
        return world;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    /** A copy of the handler's wiring, on the stand-in. */
    public TelephonyWiring wiring() {
        return wiring;
    }

    /** The stage's Twilio and LiveKit, with the priming credentials. */
    public Providers providers() {
        return providers;
    }

    /** Step Functions executions on the stand-in, for the state machines the handler names (or priming ones). */
    public synchronized Executions executions() {
        if (sfn == null) {
            sfn = SfnClient.builder().region(region).credentialsProvider(credentials).httpClient(standIn.httpClient())
                    .endpointOverride(standIn.endpoint()).build();
        }
        String machine = "arn:aws:states:" + region.id() + ":000000000000:stateMachine:priming";
        return new Executions(sfn, env.getOrDefault("PROVISION_STATE_MACHINE_ARN", machine),
                env.getOrDefault("RELEASE_STATE_MACHINE_ARN", machine));
    }

    /** A Lambda client on the stand-in. */
    public synchronized LambdaClient lambda() {
        if (lambda == null) {
            lambda = LambdaClient.builder().region(region).credentialsProvider(credentials)
                    .httpClient(standIn.httpClient()).endpointOverride(standIn.endpoint()).build();
        }
        return lambda;
    }

    /**
     * The function's own credentials provider where resolving it reaches nothing (the Lambda environment's variables,
     * or a local endpoint's fixed pair); otherwise, as on a laptop where the default chain might ask an instance
     * metadata endpoint, a fixed pair. The stand-in does not check signatures.
     */
    static AwsCredentialsProvider credentials(Env real) {
        AwsCredentialsProvider p = AwsClients.credentials(real);
        if (p instanceof StaticCredentialsProvider || p instanceof EnvironmentVariableCredentialsProvider) {
            try {
                p.resolveCredentials();
                return p;
            } catch (RuntimeException e) {
                // a fixed pair below
            }
        } else if (p instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"));
    }

    @Override
    public void close() {
        providers.close();
        synchronized (this) {
            if (sfn != null) {
                sfn.close();
            }
            if (lambda != null) {
                lambda.close();
            }
        }
        dynamo.close();
        standIn.close();
        Map<String, Integer> counts = world.counts();
        Log.info("priming_stand_in", "dynamodb", counts.getOrDefault("dynamodb", 0),
                "sfn", counts.getOrDefault("sfn", 0), "lambda", counts.getOrDefault("lambda", 0),
                "twilio", counts.getOrDefault("twilio", 0), "livekit", counts.getOrDefault("livekit", 0),
                "unanswered", counts.getOrDefault("unanswered", 0));
    }
}
