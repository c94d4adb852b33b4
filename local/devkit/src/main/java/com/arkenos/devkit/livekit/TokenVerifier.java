package com.arkenos.devkit.livekit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;

/**
 * Verifies {@code Authorization: Bearer <JWT>} the way LiveKit's API key middleware does: HS256 signed with the
 * secret of the API key named by {@code iss}, not expired, not used before {@code nbf}. Every failure is a 401
 * {@code unauthenticated}; LiveKit does not say more to a caller it cannot identify.
 */
final class TokenVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BEARER = "Bearer ";

    private final String apiKey;
    private final byte[] secret;
    private final Clock clock;

    TokenVerifier(String apiKey, String apiSecret, Clock clock) {
        this.apiKey = apiKey;
        this.secret = apiSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    Grants verify(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw TwirpError.unauthenticated("permissions denied");
        }
        if (!authorization.startsWith(BEARER)) {
            throw TwirpError.unauthenticated("invalid authorization header. Must start with " + BEARER);
        }
        String[] parts = authorization.substring(BEARER.length()).trim().split("\\.", -1);
        if (parts.length != 3) {
            throw invalid("malformed token");
        }
        JsonNode header = decodeJson(parts[0]);
        if (!"HS256".equals(header.path("alg").asText())) {
            throw invalid("unsupported signing algorithm");
        }
        JsonNode claims = decodeJson(parts[1]);
        if (!apiKey.equals(claims.path("iss").asText())) {
            // LiveKit looks the secret up by the token's issuer: an unknown key cannot be verified at all.
            throw TwirpError.unauthenticated("invalid API key");
        }
        if (!MessageDigest.isEqual(sign(parts[0] + "." + parts[1]), decode(parts[2]))) {
            throw invalid("signature is invalid");
        }
        long now = clock.instant().getEpochSecond();
        if (!claims.has("exp") || claims.path("exp").asLong() < now) {
            throw invalid("token is expired");
        }
        if (claims.has("nbf") && claims.path("nbf").asLong() > now) {
            throw invalid("token is not valid yet");
        }
        return Grants.fromClaims(claims);
    }

    private static TwirpError invalid(String why) {
        return TwirpError.unauthenticated("invalid authorization token: " + why);
    }

    private byte[] sign(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static JsonNode decodeJson(String part) {
        try {
            return JSON.readTree(decode(part));
        } catch (java.io.IOException e) {
            throw invalid("malformed token");
        }
    }

    private static byte[] decode(String part) {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw invalid("malformed token");
        }
    }
}
