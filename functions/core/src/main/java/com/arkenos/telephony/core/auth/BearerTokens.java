package com.arkenos.telephony.core.auth;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.http.TokenCheck;
import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A user's bearer token checked as the HTTP API's JWT authorizer checks it (the template's {@code JwtIssuer} and
 * {@code JwtAudience}, passed as {@code JWT_ISSUER} and {@code JWT_AUDIENCE}): an RSA signature (RS256, RS384 or
 * RS512; API Gateway accepts no other kind) by a key of the issuer's key set, found by the token's {@code kid}; the
 * issuer; an {@code aud}, or else a {@code client_id}, among the audiences; {@code exp} present and not passed; and
 * {@code nbf} and {@code iat} not in the future. For the one route the authorizer cannot guard.
 */
public final class BearerTokens implements TokenCheck {
    private static final Set<String> RSA = Set.of("RS256", "RS384", "RS512");
    private final String issuer;
    private final Set<String> audiences;
    private final IssuerKeys keys;
    private final Clock clock;

    public BearerTokens(String issuer, Collection<String> audiences, IssuerKeys keys, Clock clock) {
        this.issuer = issuer;
        this.audiences = Set.copyOf(audiences);
        this.keys = keys;
        this.clock = clock;
    }

    /** From the function's environment; nothing is fetched until a token arrives. */
    public static BearerTokens from(Env env) {
        String issuer = env.getOrDefault("JWT_ISSUER", "");
        List<String> audiences = Arrays.stream(env.getOrDefault("JWT_AUDIENCE", "").split(","))
                .map(String::strip).filter(a -> !a.isEmpty()).toList();
        return new BearerTokens(issuer, audiences, IssuerKeys.discovered(issuer), Clock.systemUTC());
    }

    @Override
    public Optional<JsonNode> claims(String authorization) {
        if (issuer.isEmpty() || audiences.isEmpty() || authorization == null
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        try {
            DecodedJWT token = JWT.decode(authorization.substring(7).strip());
            if (!RSA.contains(token.getAlgorithm()) || token.getKeyId() == null) {
                return Optional.empty();
            }
            Optional<java.security.interfaces.RSAPublicKey> key = keys.key(token.getKeyId());
            if (key.isEmpty()) {
                return Optional.empty();
            }
            Algorithm algorithm = switch (token.getAlgorithm()) {
                case "RS256" -> Algorithm.RSA256(key.get(), null);
                case "RS384" -> Algorithm.RSA384(key.get(), null);
                default -> Algorithm.RSA512(key.get(), null);
            };
            // exp, nbf and iat are checked against the clock with no leeway, as API Gateway does.
            // (JWT.require is a BaseVerification, whose build takes the clock.)
            ((JWTVerifier.BaseVerification) JWT.require(algorithm).withIssuer(issuer).withClaimPresence("exp"))
                    .build(clock).verify(token);
            // withClaimPresence lets "exp": null through, which API Gateway would not
            if (token.getExpiresAtAsInstant() == null || !audienceMatches(token)) {
                return Optional.empty();
            }
            return Optional.of(asAuthorizerClaims(token));
        } catch (JWTVerificationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private boolean audienceMatches(DecodedJWT token) {
        List<String> aud = token.getAudience();
        if (aud != null && !aud.isEmpty()) {
            return aud.stream().anyMatch(audiences::contains);
        }
        String clientId = token.getClaim("client_id").asString();
        return clientId != null && audiences.contains(clientId);
    }

    /**
     * A verified token's claims as API Gateway's JWT authorizer passes them: each claim a string, a list as its
     * elements joined by spaces. The local stack's authorizer uses it too.
     */
    public static ObjectNode asAuthorizerClaims(DecodedJWT token) {
        ObjectNode claims = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Claim> c : token.getClaims().entrySet()) {
            Claim v = c.getValue();
            List<String> list = v.asList(String.class);
            claims.put(c.getKey(), v.asString() != null ? v.asString()
                    : list != null ? list.stream().collect(Collectors.joining(" ")) : v.toString());
        }
        return claims;
    }
}
