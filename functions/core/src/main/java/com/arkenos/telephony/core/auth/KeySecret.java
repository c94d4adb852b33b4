package com.arkenos.telephony.core.auth;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.aws.AwsClients;
import com.arkenos.telephony.core.http.JsonTrees;
import com.arkenos.telephony.core.log.Log;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A shared key a caller presents (the agent worker's, the operator's). Deployed, it is the Secrets Manager secret
 * named by {@code arnVariable} ({@code {"key": "..."}}); locally the value of {@code localVariable}. Compared in
 * constant time; without a configured key nothing matches.
 *
 * <p>The agent worker presents its key during a live call, so the lookup reads the secret when it starts
 * ({@link #load()} at its init, before a SnapStart snapshot) and never on the way to an answer while a key is held
 * (other functions read theirs on their first request): a key older than
 * {@link #REFRESH} is re-read on a background thread while requests go on with the one held, so a rotation takes
 * effect within minutes. A presented key that does not match makes one inline re-read, at most once per
 * {@link #MISMATCH_REREAD} (a worker that already has the rotated key is let in at once; guesses cannot drive
 * reads).
 */
final class KeySecret {
    static final Duration REFRESH = Duration.ofMinutes(5);
    static final Duration MISMATCH_REREAD = Duration.ofSeconds(30);
    private final Supplier<String> source;
    private final Runnable primer;
    private final LongSupplier nanos;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile String cached;
    private volatile long fetchedAt;
    private volatile long rereadAt;
    private volatile boolean held;

    KeySecret(Supplier<String> source, Runnable primer) {
        // Wall-clock time, not nanoTime: a SnapStart restore may run on a host whose monotonic clock is behind the
        // one the snapshot was taken on, which would make a key read before the snapshot look fresh for hours.
        this(source, primer, () -> System.currentTimeMillis() * 1_000_000L);
    }

    KeySecret(Supplier<String> source, Runnable primer, LongSupplier nanos) {
        this.source = source;
        this.primer = primer;
        this.nanos = nanos;
        this.rereadAt = nanos.getAsLong() - MISMATCH_REREAD.toNanos();
    }

    static KeySecret from(Env env, String arnVariable, String localVariable) {
        return from(env, arnVariable, localVariable, "key");
    }

    /** As {@link #from(Env, String, String)}, reading the secret's {@code field} instead of {@code key}. */
    static KeySecret from(Env env, String arnVariable, String localVariable, String field) {
        String arn = env.getOrDefault(arnVariable, "");
        if (arn.isEmpty()) {
            return new KeySecret(() -> env.find(localVariable).orElse(null), () -> { });
        }
        SecretReader secret = new SecretReader(env, arn, field);
        return new KeySecret(secret::read, secret::client);
    }

    /** Reads the key now (at init); a failure is logged, and the first request reads it instead. */
    void load() {
        try {
            fetch();
        } catch (RuntimeException e) {
            Log.warn("key_secret_unreadable", "error", e.getClass().getSimpleName(), "message", e.getMessage());
        }
    }

    /** SnapStart priming: builds the Secrets Manager client, without a request. */
    void prime() {
        primer.run();
    }

    boolean matches(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        if (same(key(), presented)) {
            return true;
        }
        long now = nanos.getAsLong();
        if (now - rereadAt < MISMATCH_REREAD.toNanos()) {
            return false;
        }
        rereadAt = now;
        return same(fetch(), presented);
    }

    /** The key itself, for a key that signs rather than one a caller presents; null when none is configured. */
    String value() {
        return key();
    }

    private static boolean same(String expected, String presented) {
        return expected != null && !expected.isEmpty() && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /** The key held (read inline only when none is held yet); a stale one is re-read in the background. */
    private String key() {
        if (!held) {
            return fetch();
        }
        if (nanos.getAsLong() - fetchedAt > REFRESH.toNanos() && refreshing.compareAndSet(false, true)) {
            Thread refresh = new Thread(() -> {
                try {
                    fetch();
                } catch (RuntimeException e) {
                    Log.warn("key_secret_refresh_failed", "error", e.getClass().getSimpleName(),
                            "message", e.getMessage());
                } finally {
                    refreshing.set(false);
                }
            }, "key-secret-refresh");
            refresh.setDaemon(true);
            refresh.start();
        }
        return cached;
    }

    private String fetch() {
        String key = source.get();
        cached = key;
        fetchedAt = nanos.getAsLong();
        held = true;
        return key;
    }

    /** One field of the secret ({@code {"key": "..."}}), read with one Secrets Manager client per container. */
    private static final class SecretReader {
        private final Env env;
        private final String arn;
        private final String field;
        private volatile SecretsManagerClient client;

        SecretReader(Env env, String arn, String field) {
            this.env = env;
            this.arn = arn;
            this.field = field;
        }

        String read() {
            try {
                String secret = client().getSecretValue(r -> r.secretId(arn)).secretString();
                // jackson-core alone: the lookup reads its key at init, and a first ObjectMapper would cost its
                // cold start 130-150 ms (the request path avoids one the same way).
                return JsonTrees.read(secret).path(field).asText(null);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the key secret " + arn + " is not JSON");
            }
        }

        SecretsManagerClient client() {
            SecretsManagerClient c = client;
            if (c == null) {
                synchronized (this) {
                    if (client == null) {
                        client = AwsClients.build(SecretsManagerClient.builder(), env,
                                "AWS_ENDPOINT_URL_SECRETS_MANAGER");
                    }
                    c = client;
                }
            }
            return c;
        }
    }
}
