package com.arkenos.local;

import com.arkenos.telephony.core.auth.BearerTokens;
import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The identity provider of a local stack started in JWT mode ({@code AUTH_MODE=jwt ./stack start}): it signs RS256
 * tokens for any subject ({@code POST /token {"sub": "user-123"}}), publishes its OpenID discovery document and key
 * set ({@code GET /.well-known/openid-configuration}, {@code /.well-known/jwks.json}) on its own loopback port, whose
 * URL is the tokens' issuer, as an identity provider's is; and checks tokens as the HTTP API's JWT authorizer would:
 * the signature, the issuer, the audience and the expiry. The API's port serves the same documents under
 * {@link #PATH}. The key is made at start and never leaves the process.
 */
public final class LocalIssuer implements AutoCloseable {
    public static final String PATH = "/local/issuer";
    private static final String KEY_ID = "local-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String issuer;
    private final String audience;
    private final RSAPublicKey publicKey;
    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final HttpServer server;

    /** Starts an issuer on a free loopback port, for tokens carrying {@code audience}. */
    public static LocalIssuer start(String audience) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            LocalIssuer issuer = new LocalIssuer(server, audience);
            server.createContext("/", ex -> issuer.serve(ex, ex.getRequestURI().getPath()));
            server.start();
            return issuer;
        } catch (IOException e) {
            throw new IllegalStateException("the local issuer could not listen", e);
        }
    }

    private LocalIssuer(HttpServer server, String audience) {
        this.server = server;
        String issuer = "http://127.0.0.1:" + server.getAddress().getPort();
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

    /**
     * Answers {@code path} (relative to the issuer): the token, the discovery document or the key set; 404 otherwise.
     */
    public void serve(HttpExchange ex, String path) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (method.equals("POST") && path.equals("/token")) {
                String sub = JSON.readTree(ex.getRequestBody().readAllBytes()).path("sub").asText("");
                if (sub.isEmpty()) {
                    write(ex, 400, "{\"error\":\"sub is required\"}");
                    return;
                }
                write(ex, 200, JSON.createObjectNode().put("access_token", token(sub, Duration.ofHours(1)))
                        .put("token_type", "Bearer").put("expires_in", 3600).toString());
            } else if (method.equals("GET") && path.equals("/.well-known/openid-configuration")) {
                write(ex, 200, JSON.createObjectNode().put("issuer", issuer)
                        .put("jwks_uri", issuer + "/.well-known/jwks.json").put("token_endpoint", issuer + "/token")
                        .toString());
            } else if (method.equals("GET") && path.equals("/.well-known/jwks.json")) {
                write(ex, 200, jwks());
            } else {
                write(ex, 404, "{\"message\":\"Not Found\"}");
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void write(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("content-type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
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
            return Optional.of(BearerTokens.asAuthorizerClaims(jwt));
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
