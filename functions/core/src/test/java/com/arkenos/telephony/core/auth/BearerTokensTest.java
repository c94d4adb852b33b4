package com.arkenos.telephony.core.auth;

import com.arkenos.telephony.core.errors.UnavailableException;
import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokens checked as the HTTP API's JWT authorizer checks them, each rule at the point it refuses. */
class BearerTokensTest {
    private static final String ISSUER = "https://idp.example.test/tenant";
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final KeyPair KEY = rsa();
    private static final KeyPair OTHER = rsa();

    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final Clock clock = new Clock() {
        public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        public Clock withZone(java.time.ZoneId z) { return this; }
        public Instant instant() { return now.get(); }
    };
    private final AtomicReference<JsonNode> published = new AtomicReference<>(keySet("k1", KEY));
    private final BearerTokens tokens = new BearerTokens(ISSUER, List.of("arkenos-dashboard", "mobile"),
            new IssuerKeys(this::fetch, clock), clock);

    /** The issuer's key set as published now; null stands for an issuer that cannot be reached. */
    private JsonNode fetch() {
        fetches.incrementAndGet();
        JsonNode set = published.get();
        if (set == null) {
            throw new UnavailableException("identity_provider_unavailable", "down");
        }
        return set;
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode keySet(String kid, KeyPair pair) {
        RSAPublicKey k = (RSAPublicKey) pair.getPublic();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        ObjectNode set = JsonNodeFactory.instance.objectNode();
        set.putArray("keys").addObject().put("kty", "RSA").put("use", "sig").put("kid", kid)
                .put("n", b64.encodeToString(unsigned(k.getModulus())))
                .put("e", b64.encodeToString(unsigned(k.getPublicExponent())));
        return set;
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String token(UnaryOperator<JWTCreator.Builder> edit, Algorithm algorithm) {
        JWTCreator.Builder b = JWT.create().withKeyId("k1").withIssuer(ISSUER).withAudience("arkenos-dashboard")
                .withSubject("user-1").withIssuedAt(NOW.minusSeconds(60)).withExpiresAt(NOW.plusSeconds(3600));
        return "Bearer " + edit.apply(b).sign(algorithm);
    }

    private static String token(UnaryOperator<JWTCreator.Builder> edit) {
        return token(edit, Algorithm.RSA256(null, (RSAPrivateKey) KEY.getPrivate()));
    }

    @Test
    void aValidToken_givesItsClaimsAsTheAuthorizerPassesThem() {
        JsonNode claims = tokens.claims(token(b -> b.withArrayClaim("groups", new String[] {"ops", "dev"})))
                .orElseThrow();
        assertEquals("user-1", claims.path("sub").asText());
        assertEquals("ops dev", claims.path("groups").asText());
        assertTrue(tokens.claims(token(b -> b, Algorithm.RSA384(null, (RSAPrivateKey) KEY.getPrivate()))).isPresent());
        assertTrue(tokens.claims(token(b -> b, Algorithm.RSA512(null, (RSAPrivateKey) KEY.getPrivate()))).isPresent());
        assertTrue(tokens.claims(token(b -> b.withAudience("mobile", "other"))).isPresent());
    }

    @Test
    void theSignatureIssuerAndAudience_areChecked() {
        assertTrue(tokens.claims(token(b -> b, Algorithm.RSA256(null, (RSAPrivateKey) OTHER.getPrivate()))).isEmpty());
        assertTrue(tokens.claims(token(b -> b.withIssuer(ISSUER + "/"))).isEmpty());
        assertTrue(tokens.claims(token(b -> b.withAudience("someone-else"))).isEmpty());
        assertTrue(tokens.claims(token(b -> b.withKeyId("unknown"))).isEmpty());
    }

    @Test
    void withoutAnAudience_theClientIdMustMatch() {
        assertTrue(tokens.claims(token(b -> b.withAudience().withClaim("client_id", "mobile"))).isPresent());
        assertTrue(tokens.claims(token(b -> b.withAudience().withClaim("client_id", "other"))).isEmpty());
        assertTrue(tokens.claims(token(b -> b.withAudience())).isEmpty());
    }

    @Test
    void time_expiredNotYetValidAndMissingExpiry_areRefused() {
        assertTrue(tokens.claims(token(b -> b.withExpiresAt(NOW))).isEmpty());
        assertTrue(tokens.claims(token(b -> b.withExpiresAt(NOW.plusSeconds(1)))).isPresent());
        assertTrue(tokens.claims(token(b -> b.withNotBefore(NOW.plusSeconds(30)))).isEmpty());
        assertTrue(tokens.claims(token(b -> b.withIssuedAt(NOW.plusSeconds(30)))).isEmpty());
        assertTrue(tokens.claims(token(b -> b.withExpiresAt((Instant) null))).isEmpty());
    }

    /** HS256 keyed with the public key, and "none", are the classic confusions: only RSA is accepted. */
    @Test
    void otherAlgorithms_areRefused() {
        byte[] publicBytes = KEY.getPublic().getEncoded();
        assertTrue(tokens.claims(token(b -> b, Algorithm.HMAC256(publicBytes))).isEmpty());
        assertTrue(tokens.claims(token(b -> b, Algorithm.none())).isEmpty());
        assertTrue(tokens.claims("Bearer not.a.token").isEmpty());
        assertTrue(tokens.claims("Basic dXNlcjpwdw==").isEmpty());
        assertTrue(tokens.claims(null).isEmpty());
    }

    @Test
    void aRotatedKey_isFetchedOnce_andInventedKeyIds_doNotReachTheIssuerEachTime() {
        assertTrue(tokens.claims(token(b -> b)).isPresent());
        assertEquals(1, fetches.get());
        for (int i = 0; i < 20; i++) {
            String kid = "invented-" + i;
            tokens.claims(token(b -> b.withKeyId(kid)));
        }
        assertEquals(1, fetches.get(), "unknown key ids within 30 s fetch nothing");
        published.set(keySet("k2", OTHER));
        now.set(NOW.plusSeconds(31));
        String rotated = token(b -> b.withKeyId("k2"), Algorithm.RSA256(null, (RSAPrivateKey) OTHER.getPrivate()));
        assertTrue(tokens.claims(rotated).isPresent());
        assertEquals(2, fetches.get());
    }

    @Test
    void anIssuerThatCannotBeReached_is503_untilKeysAreKnown_thenTheKnownKeysServe() {
        BearerTokens down = new BearerTokens(ISSUER, List.of("arkenos-dashboard"), new IssuerKeys(() -> {
            throw new UnavailableException("identity_provider_unavailable", "down");
        }, clock), clock);
        assertThrows(UnavailableException.class, () -> down.claims(token(b -> b)));

        assertTrue(tokens.claims(token(b -> b)).isPresent());
        published.set(null);
        now.set(NOW.plus(Duration.ofMinutes(11)));
        assertTrue(tokens.claims(token(b -> b)).isPresent(), "the known key still verifies while the issuer is down");
        assertEquals(2, fetches.get());
        tokens.claims(token(b -> b));
        assertEquals(2, fetches.get(), "the next try waits thirty seconds");
        now.set(NOW.plus(Duration.ofMinutes(11)).plusSeconds(31));
        tokens.claims(token(b -> b));
        assertEquals(3, fetches.get());
    }

    @Test
    void theKeysAreFoundThroughTheIssuersDiscoveryDocument() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/tenant";
        server.createContext("/tenant/.well-known/openid-configuration", ex -> reply(ex,
                "{\"issuer\":\"" + base + "\",\"jwks_uri\":\"" + base + "/keys\"}"));
        server.createContext("/tenant/keys", ex -> reply(ex, keySet("k1", KEY).toString()));
        server.start();
        try {
            BearerTokens discovered = new BearerTokens(base, List.of("arkenos-dashboard"),
                    IssuerKeys.discovered(base), Clock.systemUTC());
            String t = "Bearer " + JWT.create().withKeyId("k1").withIssuer(base).withAudience("arkenos-dashboard")
                    .withSubject("user-2").withExpiresAt(Instant.now().plusSeconds(600))
                    .sign(Algorithm.RSA256(null, (RSAPrivateKey) KEY.getPrivate()));
            assertEquals("user-2", discovered.claims(t).orElseThrow().path("sub").asText());
        } finally {
            server.stop(0);
        }
        BearerTokens gone = new BearerTokens(base, List.of("arkenos-dashboard"), IssuerKeys.discovered(base),
                Clock.systemUTC());
        assertThrows(UnavailableException.class, () -> gone.claims(token(b -> b)));
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
