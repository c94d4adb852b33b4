package com.arkenos.telephony.core.auth;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.errors.UnavailableException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The issuer's RSA signing keys by {@code kid}, found as API Gateway finds them: the issuer's OpenID discovery
 * document ({@code <issuer>/.well-known/openid-configuration}) names its {@code jwks_uri}. Kept for ten minutes;
 * an unknown {@code kid} (a rotated key) fetches again, at most every thirty seconds, so forged tokens with invented
 * key ids cannot make every request reach the issuer.
 */
public final class IssuerKeys {
    private static final Duration FRESH = Duration.ofMinutes(10);
    private static final Duration UNKNOWN_KID_REFETCH = Duration.ofSeconds(30);
    private static final int TIMEOUT_MS = 3_000;
    private static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    private final Supplier<JsonNode> keySet;
    private final Clock clock;
    private Map<String, RSAPublicKey> keys = Map.of();
    private Instant fetched = Instant.EPOCH;

    public IssuerKeys(Supplier<JsonNode> keySet, Clock clock) {
        this.keySet = keySet;
        this.clock = clock;
    }

    /** The keys of {@code issuer}, through its discovery document. */
    public static IssuerKeys discovered(String issuer) {
        return new IssuerKeys(() -> {
            URI discovery = URI.create(issuer.endsWith("/") ? issuer : issuer + "/")
                    .resolve(".well-known/openid-configuration");
            String jwksUri = get(discovery).path("jwks_uri").asText("");
            if (jwksUri.isEmpty()) {
                throw new UnavailableException("identity_provider_unavailable",
                        "the token issuer's discovery document names no jwks_uri");
            }
            return get(URI.create(jwksUri));
        }, Clock.systemUTC());
    }

    /** The key {@code kid}; empty when the issuer has none by that id. */
    public synchronized Optional<RSAPublicKey> key(String kid) {
        Instant now = clock.instant();
        boolean stale = now.isAfter(fetched.plus(FRESH));
        if (stale || !keys.containsKey(kid) && now.isAfter(fetched.plus(UNKNOWN_KID_REFETCH))) {
            try {
                keys = parse(keySet.get());
                fetched = now;
            } catch (UnavailableException e) {
                if (keys.isEmpty()) {
                    throw e;
                }
                // The issuer is down: the keys already known still verify, and the next try is in thirty seconds.
                fetched = now.minus(FRESH).plus(UNKNOWN_KID_REFETCH);
            }
        }
        return Optional.ofNullable(keys.get(kid));
    }

    private static Map<String, RSAPublicKey> parse(JsonNode set) {
        Map<String, RSAPublicKey> parsed = new HashMap<>();
        Base64.Decoder b64 = Base64.getUrlDecoder();
        for (JsonNode k : set.path("keys")) {
            String use = k.path("use").asText("sig");
            if (!"RSA".equals(k.path("kty").asText()) || !"sig".equals(use) || !k.hasNonNull("kid")) {
                continue;
            }
            try {
                RSAPublicKeySpec spec = new RSAPublicKeySpec(new BigInteger(1, b64.decode(k.path("n").asText())),
                        new BigInteger(1, b64.decode(k.path("e").asText())));
                parsed.put(k.path("kid").asText(), (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // a key this verifier cannot use is skipped; the others still verify
            }
        }
        return Map.copyOf(parsed);
    }

    private static JsonNode get(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(TIMEOUT_MS);
            c.setReadTimeout(TIMEOUT_MS);
            c.setInstanceFollowRedirects(false);
            if (c.getResponseCode() != 200) {
                throw new IOException("answered " + c.getResponseCode());
            }
            try (InputStream in = c.getInputStream()) {
                byte[] body = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
                if (body.length > MAX_DOCUMENT_BYTES) {
                    throw new IOException("larger than " + MAX_DOCUMENT_BYTES + " bytes");
                }
                return Json.parse(body);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UnavailableException("identity_provider_unavailable",
                    "the token issuer's keys could not be read: " + uri.getHost());
        }
    }
}
