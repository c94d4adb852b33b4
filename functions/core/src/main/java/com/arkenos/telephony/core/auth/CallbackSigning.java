package com.arkenos.telephony.core.auth;

import com.arkenos.telephony.core.Env;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Signs call status callbacks so a receiver can tell they come from this deployment and were not changed or
 * replayed. Each owner has their own secret, derived from the deployment's signing key (the secret
 * {@code CALLBACK_SIGNING_SECRET_ARN} names, {@code {"key"}}; locally {@code CALLBACK_SIGNING_KEY}) as
 * {@code hex(HMAC-SHA256(key, "arkenos-callback:" + owner))}, so nothing per owner is stored and one owner's secret
 * says nothing about another's. A delivery carries {@code x-arkenos-timestamp} (Unix seconds) and
 * {@code x-arkenos-signature: v1=hex(HMAC-SHA256(owner secret, timestamp + "." + body))}.
 */
public final class CallbackSigning {
    public static final String TIMESTAMP_HEADER = "x-arkenos-timestamp";
    public static final String SIGNATURE_HEADER = "x-arkenos-signature";
    private final KeySecret key;

    CallbackSigning(KeySecret key) {
        this.key = key;
    }

    public static CallbackSigning from(Env env) {
        return new CallbackSigning(KeySecret.from(env, "CALLBACK_SIGNING_SECRET_ARN", "CALLBACK_SIGNING_KEY"));
    }

    /** A fixed key, for tests. */
    public static CallbackSigning fixed(String key) {
        return new CallbackSigning(new KeySecret(() -> key, () -> { }));
    }

    /** The owner's signing secret; refused when the deployment has no signing key. */
    public String ownerSecret(String owner) {
        String k = key.value();
        if (k == null || k.isEmpty()) {
            throw new IllegalStateException("no callback signing key is configured (CALLBACK_SIGNING_SECRET_ARN)");
        }
        return HexFormat.of().formatHex(hmac(k, "arkenos-callback:" + owner));
    }

    /** The {@value #SIGNATURE_HEADER} value of {@code body} sent to {@code owner}'s receiver at {@code timestamp}. */
    public String signature(String owner, long timestamp, String body) {
        return "v1=" + HexFormat.of().formatHex(hmac(ownerSecret(owner), timestamp + "." + body));
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
