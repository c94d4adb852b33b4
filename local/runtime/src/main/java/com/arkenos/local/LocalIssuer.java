package com.arkenos.local;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The identity provider of a local stack started in JWT mode ({@code AUTH_MODE=jwt ./stack start}): it signs RS256
 * tokens for any subject ({@code POST /local/issuer/token {"sub": "user-123"}}), publishes its key
 * ({@code GET /local/issuer/.well-known/jwks.json}), and checks tokens as the HTTP API's JWT authorizer would: the
 * signature, the issuer, the audience and the expiry. The key is made at start and never leaves the process.
 */
public final class LocalIssuer {
    public static final String PATH = "/local/issuer";
    private static final String KEY_ID = "local-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String issuer;
    private final String audience;
    private final RSAPublicKey publicKey;
    private final Algorithm algorithm;
    private final JWTVerifier verifier;

    /** @param issuer the issuer URL tokens carry ({@code iss}); @param audience the audience they carry */
    public LocalIssuer(String issuer, String audience) {
        KeyPair keys;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            keys = g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.issuer = issuer;
        this.audience = audience;
        this.publicKey = (RSAPublicKey) keys.getPublic();
        this.algorithm = Algorithm.RSA256(publicKey, (RSAPrivateKey) keys.getPrivate());
        this.verifier = JWT.require(algorithm).withIssuer(issuer).withAudience(audience).build();
    }

    public String issuer() {
        return issuer;
    }

    /** A token for {@code subject}, valid for {@code ttl}. */
    public String token(String subject, Duration ttl) {
        Instant now = Instant.now();
        return JWT.create().withKeyId(KEY_ID).withIssuer(issuer).withAudience(audience).withSubject(subject)
                .withIssuedAt(now).withExpiresAt(now.plus(ttl)).sign(algorithm);
    }

    /**
     * The claims of a valid {@code Authorization} header value ({@code Bearer <token>}), as API Gateway passes them
     * ({@code requestContext.authorizer.jwt.claims}: every claim as a string); empty when it is not one.
     */
    public Optional<ObjectNode> claims(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        try {
            DecodedJWT jwt = verifier.verify(authorization.substring(7).strip());
            ObjectNode claims = JSON.createObjectNode();
            for (Map.Entry<String, Claim> c : jwt.getClaims().entrySet()) {
                Claim v = c.getValue();
                claims.put(c.getKey(), v.asString() != null ? v.asString()
                        : v.asList(String.class) != null ? String.join(" ", v.asList(String.class)) : v.toString());
            }
            return Optional.of(claims);
        } catch (JWTVerificationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The JSON Web Key Set an authorizer would fetch from the issuer. */
    public String jwks() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        ObjectNode key = JSON.createObjectNode().put("kty", "RSA").put("use", "sig").put("alg", "RS256")
                .put("kid", KEY_ID).put("n", b64.encodeToString(unsigned(publicKey.getModulus().toByteArray())))
                .put("e", b64.encodeToString(unsigned(publicKey.getPublicExponent().toByteArray())));
        ObjectNode set = JSON.createObjectNode();
        set.putArray("keys").add(key);
        return set.toString();
    }

    private static byte[] unsigned(byte[] twos) {
        return twos.length > 1 && twos[0] == 0 ? java.util.Arrays.copyOfRange(twos, 1, twos.length) : twos;
    }
}
