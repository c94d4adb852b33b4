package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local stack started in JWT mode ({@code AUTH_MODE=jwt ./stack start}): the HTTP API's authorizer lets through
 * only tokens of the local issuer, the owner is the token's subject, the header alone identifies no one, and the
 * routes the template leaves unguarded (the worker's lookup, LiveKit's webhook) reach their functions.
 */
class JwtModeApiTest {
    private static LocalRuntime runtime;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.create(SamTemplate.find(), new LocalRuntime.Options(0, "127.0.0.1", true, null)
                .withProcessEnv(Map.of("AUTH_MODE", "jwt")));
        http = new Http("http://127.0.0.1:" + runtime.serve("127.0.0.1", 0).port());
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** The issuer is the local stack's, not the API's: asked with a plain client (no OpenAPI check). */
    private static java.net.http.HttpResponse<String> issuer(String method, String path, String body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(http.base() + LocalIssuer.PATH + path)).method(method, body == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String sub) throws Exception {
        java.net.http.HttpResponse<String> r = issuer("POST", "/token", "{\"sub\":\"" + sub + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("access_token").asText();
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("authorization", "Bearer " + token);
    }

    @Test
    void theHeaderAlone_is401_atTheAuthorizer() {
        Http.Response r = http.get("/api/agents", "user-a");
        assertEquals(401, r.status(), r.body());
        assertEquals("{\"message\":\"Unauthorized\"}", r.body());
    }

    @Test
    void aTokenOfTheLocalIssuer_namesTheOwner() throws Exception {
        String a = token("jwt-user-a");
        Http.Response created = http.send("POST", "/api/agents", null, "{\"name\":\"Front desk\"}", bearer(a));
        assertEquals(201, created.status(), created.body());
        Http.Response listed = http.send("GET", "/api/agents", null, null, bearer(a));
        assertEquals(200, listed.status(), listed.body());
        assertTrue(listed.body().contains(created.json().path("id").asText()), listed.body());
        Http.Response others = http.send("GET", "/api/agents", null, null, bearer(token("jwt-user-b")));
        assertFalse(others.body().contains(created.json().path("id").asText()), others.body());
    }

    @Test
    void anotherOwnersHeaderBesideTheToken_is403() throws Exception {
        Http.Response r = http.send("GET", "/api/agents", "jwt-user-a", null, bearer(token("jwt-user-b")));
        assertEquals(403, r.status(), r.body());
        assertEquals("identity_mismatch", r.errorCode());
    }

    /** A token naming the local issuer and its key id, signed with another key. */
    private static String forged(String sub) throws Exception {
        String iss = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                issuer("GET", "/.well-known/openid-configuration", null).body()).path("issuer").asText();
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        java.security.KeyPair other = g.generateKeyPair();
        return com.auth0.jwt.JWT.create().withKeyId("local-1").withIssuer(iss).withAudience("arkenos-dashboard")
                .withSubject(sub).withExpiresAt(java.time.Instant.now().plus(Duration.ofHours(1)))
                .sign(com.auth0.jwt.algorithms.Algorithm.RSA256(null,
                        (java.security.interfaces.RSAPrivateKey) other.getPrivate()));
    }

    @Test
    void aForgedOrMalformedToken_is401() throws Exception {
        assertEquals(401, http.send("GET", "/api/agents", null, null, bearer(forged("jwt-user-a"))).status());
        assertEquals(401, http.send("GET", "/api/agents", null, null, bearer("not.a.token")).status());
    }

    /**
     * {@code GET /api/agents/{id}} has no authorizer in front, because the agent worker reads it with its key: the
     * function checks a user's token itself, fetching the issuer's keys through its discovery document.
     */
    @Test
    void theAgentRoute_takesTheWorkerKeyOrAUserToken_checkedByTheFunction() throws Exception {
        String a = token("jwt-agent-owner");
        Http.Response created = http.send("POST", "/api/agents", null, "{\"name\":\"Reception\"}", bearer(a));
        assertEquals(201, created.status(), created.body());
        String path = "/api/agents/" + created.json().path("id").asText();

        assertEquals(200, http.send("GET", path, null, null, bearer(a)).status());
        assertEquals(200, http.send("GET", path, null, null, Map.of("x-worker-key", Telephony.WORKER_KEY)).status());
        Http.Response other = http.send("GET", path, null, null, bearer(token("jwt-someone-else")));
        assertEquals(404, other.status(), other.body());

        Http.Response header = http.get(path, "jwt-agent-owner");
        assertEquals(401, header.status(), header.body());
        assertEquals("missing_token", header.errorCode());
        Http.Response forged = http.send("GET", path, null, null, bearer(forged("jwt-agent-owner")));
        assertEquals(401, forged.status(), forged.body());
        assertEquals("invalid_token", forged.errorCode());
        Http.Response wrongKey = http.send("GET", path, null, null, Map.of("x-worker-key", "guessed"));
        assertEquals(401, wrongKey.status(), wrongKey.body());
    }

    @Test
    void theUnguardedRoutes_reachTheirFunctions() throws Exception {
        Http.Response lookup = http.get("/api/telephony/lookup?phone_number=%2B15105550100", null);
        assertEquals(401, lookup.status(), lookup.body());
        assertFalse(lookup.json().path("error").path("code").asText().isEmpty(),
                "the lookup function refused the missing worker key itself: " + lookup.body());
        assertEquals(200, issuer("GET", "/.well-known/jwks.json", null).statusCode());
    }
}
