package com.arkenos.telephony.core.auth;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.aws.AwsClients;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpRequest;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The agent worker's credential for the lookup endpoint: a shared key sent as {@code x-worker-key} (or
 * {@code Authorization: Bearer ...}). Deployed, it comes from the Secrets Manager secret the template names
 * ({@code {"key": "..."}}), re-read every five minutes so a rotation takes effect; locally from {@code WORKER_KEY}.
 * Compared in constant time. Without a configured key every request is refused: the endpoint returns system prompts.
 */
public final class WorkerKey {
    private static final Duration REFRESH = Duration.ofMinutes(5);
    private final Supplier<String> source;
    private final Runnable primer;
    private volatile String cached;
    private volatile Instant fetched = Instant.EPOCH;

    public WorkerKey(Supplier<String> source) {
        this(source, () -> { });
    }

    private WorkerKey(Supplier<String> source, Runnable primer) {
        this.source = source;
        this.primer = primer;
    }

    public static WorkerKey fixed(String key) {
        return new WorkerKey(() -> key);
    }

    public static WorkerKey from(Env env) {
        String arn = env.getOrDefault("WORKER_KEY_SECRET_ARN", "");
        if (arn.isEmpty()) {
            return new WorkerKey(() -> env.get("WORKER_KEY"));
        }
        SecretSource secret = new SecretSource(env, arn);
        return new WorkerKey(secret::read, secret::client);
    }

    /** SnapStart priming: builds the Secrets Manager client, without a request. */
    public void prime() {
        primer.run();
    }

    public void check(HttpRequest req) {
        String presented = req.header("x-worker-key").orElseGet(() -> req.header("authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).strip()).orElse(null));
        if (presented == null || presented.isEmpty()) {
            throw ApiError.unauthorized("the agent worker's key is required (x-worker-key header)");
        }
        String expected = key();
        if (expected == null || expected.isEmpty() || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            throw ApiError.unauthorized("the worker key is not valid");
        }
    }

    private String key() {
        if (cached == null || Instant.now().isAfter(fetched.plus(REFRESH))) {
            cached = source.get();
            fetched = Instant.now();
        }
        return cached;
    }

    /** The secret {@code {"key": "..."}}, read with one Secrets Manager client built once per container. */
    private static final class SecretSource {
        private final Env env;
        private final String arn;
        private volatile SecretsManagerClient client;

        SecretSource(Env env, String arn) {
            this.env = env;
            this.arn = arn;
        }

        String read() {
            return read(client(), arn);
        }

        SecretsManagerClient client() {
            SecretsManagerClient c = client;
            if (c == null) {
                synchronized (this) {
                    if (client == null) {
                        client = build(env, UrlConnectionHttpClient.create(), AwsClients.credentials(env), null);
                    }
                    c = client;
                }
            }
            return c;
        }

        private static SecretsManagerClient build(Env env, SdkHttpClient http, AwsCredentialsProvider credentials,
                                                  URI endpoint) {
            var b = SecretsManagerClient.builder().region(Region.of(AwsClients.region(env)))
                    .credentialsProvider(credentials).httpClient(http);
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            } else {
                env.find("AWS_ENDPOINT_URL_SECRETS_MANAGER").ifPresent(e -> b.endpointOverride(URI.create(e)));
            }
            return b.build();
        }

        private static String read(SecretsManagerClient sm, String arn) {
            try {
                return Json.parse(sm.getSecretValue(r -> r.secretId(arn)).secretString()).path("key").asText(null);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the worker key secret is not JSON");
            }
        }
    }
}
