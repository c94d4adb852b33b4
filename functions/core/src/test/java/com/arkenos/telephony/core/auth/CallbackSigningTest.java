package com.arkenos.telephony.core.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The callback signature against vectors computed apart from this code (docs/callbacks.md's scheme):
 * <pre>
 * python3 -c "import hmac,hashlib; print(hmac.new(b'test-signing-key', b'arkenos-callback:user-123',
 *     hashlib.sha256).hexdigest())"
 * printf '%s.%s' 1795510800 '{"event":"call.status_changed"}' | openssl dgst -sha256 -hmac "$SECRET"
 * </pre>
 */
class CallbackSigningTest {
    private static final String OWNER_SECRET = "b518ccd91618a8a94252ae4dd8f2976743b6daf8489da2f68b115d9244297c12";
    private final CallbackSigning signing = CallbackSigning.fixed("test-signing-key");

    @Test
    void theOwnersSecret_andTheSignature_matchIndependentlyComputedValues() {
        assertEquals(OWNER_SECRET, signing.ownerSecret("user-123"));
        assertEquals("v1=061da690f0df2fc5ec8ce8355b1b578e7d3d1d7b0df3524202aee3d7e726fffd",
                signing.signature("user-123", 1795510800L, "{\"event\":\"call.status_changed\"}"));
    }

    /**
     * The receiver's checker as docs/callbacks.md prints it, run by Python itself: it accepts a delivery signed
     * now, during a rotation too, and refuses another body, another secret and a timestamp ten minutes old.
     */
    @Test
    void theDocumentedPythonChecker_acceptsWhatIsSigned_andRefusesTheRest() throws Exception {
        java.nio.file.Path doc = java.nio.file.Path.of("../../docs/callbacks.md");
        String md = java.nio.file.Files.readString(doc);
        int start = md.indexOf("```python\n") + "```python\n".length();
        String checker = md.substring(start, md.indexOf("```", start));
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/python3").canExecute(),
                "python3 is not installed");
        CallbackSigning rotating = CallbackSigning.fixed("new-signing-key", "test-signing-key");
        long now = java.time.Instant.now().getEpochSecond();
        String body = "{\"event\":\"call.status_changed\",\"call\":{\"status\":\"ANSWERED\"}}";
        String script = checker + "\nimport sys\n"
                + "secret, old_secret, ts, body, sig, old_sig = sys.argv[1:7]\n"
                + "print(valid(secret, ts, body.encode(), sig), valid(old_secret, ts, body.encode(), sig),\n"
                + "      valid(secret, ts, (body + ' ').encode(), sig), valid('x' * 64, ts, body.encode(), sig),\n"
                + "      valid(secret, str(int(ts) - 600), body.encode(), old_sig))\n";
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, rotating.ownerSecret("user-123"),
                rotating.previousOwnerSecret("user-123").orElseThrow(), Long.toString(now), body,
                rotating.signature("user-123", now, body), rotating.signature("user-123", now - 600, body))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        assertEquals("True True False False False", out, "new secret, previous secret, other body, other secret, old");
    }

    @Test
    void anotherOwnerTimestampOrBody_signsDifferently() {
        String base = signing.signature("user-123", 1795510800L, "{}");
        assertNotEquals(base, signing.signature("user-124", 1795510800L, "{}"));
        assertNotEquals(base, signing.signature("user-123", 1795510801L, "{}"));
        assertNotEquals(base, signing.signature("user-123", 1795510800L, "{ }"));
    }

    @Test
    void duringARotation_eachDeliveryCarriesTheNewAndThePreviousKeysSignatures() {
        // The key being rotated out is the one the vectors above were computed with.
        CallbackSigning rotating = CallbackSigning.fixed("new-signing-key", "test-signing-key");
        String body = "{\"event\":\"call.status_changed\"}";
        String[] signatures = rotating.signature("user-123", 1795510800L, body).split(",");
        assertEquals(2, signatures.length);
        assertEquals(CallbackSigning.fixed("new-signing-key").signature("user-123", 1795510800L, body), signatures[0]);
        assertEquals("v1=061da690f0df2fc5ec8ce8355b1b578e7d3d1d7b0df3524202aee3d7e726fffd", signatures[1]);
        assertEquals(OWNER_SECRET, rotating.previousOwnerSecret("user-123").orElseThrow());
        assertEquals(CallbackSigning.fixed("new-signing-key").ownerSecret("user-123"),
                rotating.ownerSecret("user-123"));
        // Without a key being rotated out, one signature and no previous secret.
        assertEquals(java.util.Optional.empty(), signing.previousOwnerSecret("user-123"));
        assertEquals(1, signing.signature("user-123", 1795510800L, body).split(",").length);
        assertEquals(1, CallbackSigning.fixed("k", "").signature("user-123", 1795510800L, body).split(",").length);
    }

    /** Deployed, both keys are fields of the one secret: a Secrets Manager stand-in answers GetSecretValue. */
    @Test
    void deployed_theSecretsKeyAndPreviousKey_signTogether() throws Exception {
        com.sun.net.httpserver.HttpServer sm = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        java.util.List<String> targets = new java.util.concurrent.CopyOnWriteArrayList<>();
        sm.createContext("/", ex -> {
            targets.add(ex.getRequestHeaders().getFirst("X-Amz-Target"));
            byte[] out = ("{\"ARN\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:cb\",\"Name\":\"cb\","
                    + "\"SecretString\":\"{\\\"key\\\":\\\"new-signing-key\\\",\\\"previous_key\\\":"
                    + "\\\"test-signing-key\\\"}\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        sm.start();
        try {
            CallbackSigning deployed = CallbackSigning.from(com.arkenos.telephony.core.Env.of(java.util.Map.of(
                    "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                    // A local endpoint: the clients take these static credentials instead of the machine's.
                    "AWS_ENDPOINT_URL", "http://127.0.0.1:" + sm.getAddress().getPort(),
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:" + sm.getAddress().getPort(),
                    "CALLBACK_SIGNING_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:cb")));
            assertEquals(CallbackSigning.fixed("new-signing-key", "test-signing-key").signature("user-123", 1L, "{}"),
                    deployed.signature("user-123", 1L, "{}"));
            assertEquals(OWNER_SECRET, deployed.previousOwnerSecret("user-123").orElseThrow());
            assertEquals(java.util.List.of("secretsmanager.GetSecretValue", "secretsmanager.GetSecretValue"), targets);
        } finally {
            sm.stop(0);
        }
    }

    @Test
    void withoutASigningKey_nothingIsSigned() {
        assertThrows(IllegalStateException.class, () -> CallbackSigning.fixed(null).ownerSecret("user-123"));
        assertThrows(IllegalStateException.class, () -> CallbackSigning.fixed("").signature("u", 1, "{}"));
    }
}
