package com.arkenos.telephony.core.auth;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.aws.AwsClients;
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
 * A shared key a caller presents (the agent worker's, the operator's). Deployed, it is the Secrets Manager secret
 * named by {@code arnVariable} ({@code {"key": "..."}}), re-read every five minutes so a rotation takes effect;
 * locally the value of {@code localVariable}. Compared in constant time; without a configured key nothing matches.
 */
final class KeySecret {
    private static final Duration REFRESH = Duration.ofMinutes(5);
    private final Supplier<String> source;
    private final Runnable primer;
    private volatile String cached;
    private volatile Instant fetched = Instant.EPOCH;

    KeySecret(Supplier<String> source, Runnable primer) {
        this.source = source;
        this.primer = primer;
    }

    static KeySecret from(Env env, String arnVariable, String localVariable) {
        String arn = env.getOrDefault(arnVariable, "");
        if (arn.isEmpty()) {
            return new KeySecret(() -> env.find(localVariable).orElse(null), () -> { });
        }
        SecretReader secret = new SecretReader(env, arn);
        return new KeySecret(secret::read, secret::client);
    }

    /** SnapStart priming: builds the Secrets Manager client, without a request. */
    void prime() {
        primer.run();
    }

    boolean matches(String presented) {
        String expected = key();
        return presented != null && !presented.isEmpty() && expected != null && !expected.isEmpty()
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                        presented.getBytes(StandardCharsets.UTF_8));
    }

    /** The key itself, for a key that signs rather than one a caller presents; null when none is configured. */
    String value() {
        return key();
    }

    private String key() {
        if (cached == null || Instant.now().isAfter(fetched.plus(REFRESH))) {
            cached = source.get();
            fetched = Instant.now();
        }
        return cached;
    }

    /** The secret {@code {"key": "..."}}, read with one Secrets Manager client built once per container. */
    private static final class SecretReader {
        private final Env env;
        private final String arn;
        private volatile SecretsManagerClient client;

        SecretReader(Env env, String arn) {
            this.env = env;
            this.arn = arn;
        }

        String read() {
            try {
                String secret = client().getSecretValue(r -> r.secretId(arn)).secretString();
                return Json.parse(secret).path("key").asText(null);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the key secret " + arn + " is not JSON");
            }
        }

        SecretsManagerClient client() {
            SecretsManagerClient c = client;
            if (c == null) {
                synchronized (this) {
                    if (client == null) {
                        var b = SecretsManagerClient.builder().region(Region.of(AwsClients.region(env)))
                                .credentialsProvider(AwsClients.credentials(env))
                                .httpClient(UrlConnectionHttpClient.create());
                        env.find("AWS_ENDPOINT_URL_SECRETS_MANAGER").ifPresent(e -> b.endpointOverride(URI.create(e)));
                        client = b.build();
                    }
                    c = client;
                }
            }
            return c;
        }
    }
}
