package com.arkenos.local.reliability;

import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.devkit.twilio.TwilioSandbox;
import com.arkenos.local.Http;
import com.arkenos.local.LocalRuntime;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.providers.twilio.NumberSearch;
import com.arkenos.telephony.providers.twilio.NumberType;
import com.arkenos.telephony.providers.twilio.SdkTwilioGateway;
import com.arkenos.telephony.providers.twilio.TwilioCredentials;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One independent deployment for the suite: its own local runtime (DynamoDB Local, Step Functions engine, functions,
 * HTTP API), its own Twilio and LiveKit sandboxes, reached through {@link Relay}s so that answers can be lost after
 * the provider committed. Credentials are random per world and registered with {@link Needles}, so that the secrets
 * check knows exactly what must never leak. Gateway read timeouts are short, and the sandboxes hold a TIMEOUT longer
 * than them, so an injected timeout is a real client-side timeout that costs well under a second.
 */
final class World implements AutoCloseable {
    static final long READ_TIMEOUT_MS = 500;
    static final long TIMEOUT_HOLD_MS = 1000;
    private static final String ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    final String name;
    final TwilioSandbox twilio;
    final LiveKitSandbox livekit;
    final Relay twilioRelay;
    final Relay livekitRelay;
    final LocalRuntime runtime;
    final Http http;
    final Api api;
    final String workerKey;
    final String terminationPassword;
    final Map<String, String> functionEnv;
    /** Numbers the suite put in the Twilio account itself (to assign them), which need no record. */
    final Set<String> preowned = ConcurrentHashMap.newKeySet();
    /** The shared SIP pieces are provisioned and consistent: a case on a per-number operation needs no reset. */
    volatile boolean warm;
    /** Owner, agent and ACTIVE number that outbound cases call from, while the world stays warm. */
    volatile String[] caller;
    private final SdkTwilioGateway directTwilio;
    private final Deque<String> freshNumbers = new ArrayDeque<>();
    private final Set<String> handedOut = new java.util.HashSet<>();
    private static final List<Integer> AREAS = List.of(415, 510, 212, 646, 312, 206, 303, 617, 202, 305);
    private int areaCursor;

    private World(String name) {
        this.name = name;
        SecureRandom random = new SecureRandom();
        String accountSid = "AC" + hex(random, 32);
        String authToken = hex(random, 32);
        String lkKey = "APIrel" + alnum(random, 10);
        String lkSecret = "lkSecret" + alnum(random, 32);
        this.terminationPassword = "Rt9" + alnum(random, 29);
        this.workerKey = "wk-" + alnum(random, 24);
        Needles.credential("Twilio auth token", authToken);
        Needles.credential("Twilio basic auth", java.util.Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Needles.credential("LiveKit API secret", lkSecret);
        Needles.credential("termination password", terminationPassword);
        Needles.credential("worker key", workerKey);

        this.twilio = TwilioSandbox.start(0, accountSid, authToken);
        this.livekit = LiveKitSandbox.start(0, lkKey, lkSecret);
        twilio.faults().timeoutHoldMillis(TIMEOUT_HOLD_MS);
        livekit.faults().timeoutHoldMillis(TIMEOUT_HOLD_MS);
        this.twilioRelay = Relay.twilio(twilio.baseUrl());
        this.livekitRelay = Relay.livekit(livekit.url());
        Map<String, String> env = new HashMap<>();
        env.put("TWILIO_ACCOUNT_SID", accountSid);
        env.put("TWILIO_AUTH_TOKEN", authToken);
        env.put("TWILIO_API_BASE_URL", twilioRelay.url());
        env.put("LIVEKIT_URL", livekitRelay.url());
        env.put("LIVEKIT_API_KEY", lkKey);
        env.put("LIVEKIT_API_SECRET", lkSecret);
        env.put("LIVEKIT_SIP_URI", "sip.livekit.sandbox.local");
        env.put("TERMINATION_PASSWORD", terminationPassword);
        env.put("WORKER_KEY", workerKey);
        env.put("TWILIO_READ_TIMEOUT_MS", Long.toString(READ_TIMEOUT_MS));
        env.put("LIVEKIT_READ_TIMEOUT_MS", Long.toString(READ_TIMEOUT_MS));
        env.put("TWILIO_CONNECT_TIMEOUT_MS", "1000");
        env.put("LIVEKIT_CONNECT_TIMEOUT_MS", "1000");
        env.put("RINGING_TIMEOUT_SECONDS", "5");
        this.runtime = LocalRuntime.create(SamTemplate.find(),
                new LocalRuntime.Options(0, "127.0.0.1", true, null).withTimeScale(0.01).withProcessEnv(env));
        try {
            int port = runtime.serve("127.0.0.1", 0).port();
            this.http = new Http("http://127.0.0.1:" + port);
            livekit.setWebhookUrl("http://127.0.0.1:" + port + "/api/livekit/webhook");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        this.functionEnv = runtime.host().environment("BuyNumberFunction");
        this.api = new Api(this);
        this.directTwilio = new SdkTwilioGateway(new TwilioCredentials(accountSid, authToken, twilio.baseUrl()));
    }

    static World start(String name) {
        return new World(name);
    }

    Env env() {
        return Env.of(functionEnv);
    }

    private com.arkenos.telephony.providers.Providers providers;

    /** The functions' providers (gateways through the relays), for work the suite does in-process. */
    synchronized com.arkenos.telephony.providers.Providers providers() {
        if (providers == null) {
            providers = new com.arkenos.telephony.providers.Providers(env());
        }
        return providers;
    }

    /** The provisioning code of the functions, in this thread, over {@code dynamo} (which may inject faults). */
    com.arkenos.telephony.provisioning.SipInfrastructure infrastructure(DynamoDbClient dynamo) {
        var p = providers();
        return new com.arkenos.telephony.provisioning.SipInfrastructure(
                new com.arkenos.telephony.provisioning.InfraStore(dynamo, "SipInfraTable"), p::twilio, p::livekit,
                com.arkenos.telephony.provisioning.SipSettings.from(env(), p.liveKitCredentials().sipUri(),
                        p.twilioCredentials().accountSid()));
    }

    /** "A minute passes" for leases: every lease in SipInfraTable expires now. */
    void expireLeases() {
        dynamo().scanPaginator(b -> b.tableName("SipInfraTable")).items().forEach(item -> {
            if (item.get("resource_id").s().endsWith("#lease")) {
                dynamo().updateItem(b -> b.tableName("SipInfraTable")
                        .key(Map.of("resource_id", item.get("resource_id")))
                        .updateExpression("SET lease_until = :z")
                        .expressionAttributeValues(Map.of(":z", AttributeValue.fromN("0"))));
            }
        });
    }

    DynamoDbClient dynamo() {
        return runtime.dynamo().client();
    }

    /**
     * A new deployment: empty tables (scanned for secrets first), empty sandboxes, no pending faults or relay rules.
     */
    void reset() {
        scanForSecrets();
        runtime.dynamo().clear();
        twilio.reset();
        livekit.reset();
        twilioRelay.clear();
        livekitRelay.clear();
        preowned.clear();
        caller = null;
    }

    /** Every item of every table goes past the secrets scanner before a reset wipes it. */
    void scanForSecrets() {
        for (String table : dynamo().listTables().tableNames()) {
            Consistency.scan(this, table).forEach(item -> Needles.scanItem(table, item.toString()));
        }
    }

    void clearFaults() {
        twilio.faults().clearFaults();
        livekit.faults().clearFaults();
        twilioRelay.clear();
        livekitRelay.clear();
    }

    /**
     * A number the sandbox sells, never handed out before by this world (so a case never meets a number another
     * case left behind, even without a reset). Found with the provider directly, so no API call is counted.
     */
    synchronized String freshNumber() {
        for (int tries = 0; freshNumbers.isEmpty() && tries < 50; tries++) {
            int area = AREAS.get(areaCursor++ % AREAS.size());
            directTwilio.searchAvailable(new NumberSearch("US", NumberType.LOCAL, area, null, 50)).stream()
                    .map(n -> n.phoneNumber()).filter(handedOut::add).forEach(freshNumbers::add);
        }
        String phone = freshNumbers.poll();
        if (phone == null) {
            throw new IllegalStateException("the Twilio sandbox has no unused number left");
        }
        return phone;
    }

    /** Puts {@code phone} in the Twilio account as if bought outside the platform (so it can be assigned). */
    void preown(String phone) {
        directTwilio.buy(phone);
        preowned.add(phone);
    }

    /**
     * Moves a number's {@code updated_at} into the past: "a minute passes" for rules that wait on a record's age
     * (a purchase whose request died is resumed only after a grace period).
     */
    void age(String phone, java.time.Duration by) {
        Map<String, AttributeValue> key = Map.of("phone_number", AttributeValue.fromS(phone));
        Map<String, AttributeValue> item = dynamo().getItem(b -> b.tableName("NumbersTable").key(key)
                .consistentRead(true)).item();
        if (item == null || !item.containsKey("updated_at")) {
            return;
        }
        String past = java.time.Instant.parse(item.get("updated_at").s()).minus(by).toString();
        dynamo().updateItem(b -> b.tableName("NumbersTable").key(key).updateExpression("SET updated_at = :u")
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(past))));
    }

    private static String hex(SecureRandom r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
        return b.toString();
    }

    private static String alnum(SecureRandom r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
        }
        return b.toString();
    }

    @Override
    public void close() {
        runtime.close();
        twilioRelay.close();
        livekitRelay.close();
        twilio.close();
        livekit.close();
        directTwilio.close();
    }
}
