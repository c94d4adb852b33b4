package com.arkenos.telephony.core.auth;

import com.arkenos.telephony.core.Env;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Signs call status callbacks so a receiver can tell they come from this deployment and were not changed or
 * replayed. Each owner has their own secret, derived from the deployment's signing key (the secret
 * {@code CALLBACK_SIGNING_SECRET_ARN} names, {@code {"key"}}; locally {@code CALLBACK_SIGNING_KEY}) as
 * {@code hex(HMAC-SHA256(key, "arkenos-callback:" + owner))}, so nothing per owner is stored and one owner's secret
 * says nothing about another's. A delivery carries {@code x-arkenos-timestamp} (Unix seconds) and
 * {@code x-arkenos-signature: v1=hex(HMAC-SHA256(owner secret, timestamp + "." + body))}.
 *
 * <p>Rotation without a gap: while the secret also holds {@code "previous_key"} (locally
 * {@code CALLBACK_SIGNING_PREVIOUS_KEY}), each delivery is signed with both keys, {@code v1=<new>,v1=<previous>}, so
 * a receiver still holding its previous secret keeps accepting deliveries until it fetches the new one; the operator
 * then drops {@code previous_key} (docs/callbacks.md).
 */
public final class CallbackSigning {
    public static final String TIMESTAMP_HEADER = "x-arkenos-timestamp";
    public static final String SIGNATURE_HEADER = "x-arkenos-signature";
    private final KeySecret key;
    private final KeySecret previous;

    CallbackSigning(KeySecret key, KeySecret previous) {
        this.key = key;
        this.previous = previous;
    }

    public static CallbackSigning from(Env env) {
        return new CallbackSigning(KeySecret.from(env, "CALLBACK_SIGNING_SECRET_ARN", "CALLBACK_SIGNING_KEY"),
                KeySecret.from(env, "CALLBACK_SIGNING_SECRET_ARN", "CALLBACK_SIGNING_PREVIOUS_KEY", "previous_key"));
    }

    /** A fixed key, for tests. */
    public static CallbackSigning fixed(String key) {
        return fixed(key, null);
    }

    /** A fixed key and the one it replaces (null: none), for tests. */
    public static CallbackSigning fixed(String key, String previous) {
        return new CallbackSigning(new KeySecret(() -> key, () -> { }), new KeySecret(() -> previous, () -> { }));
    }

    /** The owner's signing secret; refused when the deployment has no signing key. */
    public String ownerSecret(String owner) {
        String k = key.value();
        if (k == null || k.isEmpty()) {
            throw new IllegalStateException("no callback signing key is configured (CALLBACK_SIGNING_SECRET_ARN)");
        }
        return secret(k, owner);
    }

    /** The owner's secret under the key being rotated out, while there is one. */
    public Optional<String> previousOwnerSecret(String owner) {
        String k = previous.value();
        return k == null || k.isEmpty() ? Optional.empty() : Optional.of(secret(k, owner));
    }

    /**
     * The {@value #SIGNATURE_HEADER} value of {@code body} sent to {@code owner}'s receiver at {@code timestamp}:
     * one {@code v1=} signature, and a second, after a comma, under the previous key while one is being rotated out.
     */
    public String signature(String owner, long timestamp, String body) {
        String signed = timestamp + "." + body;
        String header = "v1=" + HexFormat.of().formatHex(hmac(ownerSecret(owner), signed));
        return previousOwnerSecret(owner).map(p -> header + ",v1=" + HexFormat.of().formatHex(hmac(p, signed)))
                .orElse(header);
    }

    private static String secret(String key, String owner) {
        return HexFormat.of().formatHex(hmac(key, "arkenos-callback:" + owner));
    }

    private static byte[] hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
