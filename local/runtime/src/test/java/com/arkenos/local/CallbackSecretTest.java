package com.arkenos.local;

import com.arkenos.telephony.core.auth.CallbackSigning;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/callbacks/secret}: each owner's own signing secret, never cached on the way. */
class CallbackSecretTest {
    @Test
    void eachOwner_getsTheirOwnSecret_withNoStore() {
        Http http = TestStack.http();
        String a = "owner-" + UUID.randomUUID();
        String b = "owner-" + UUID.randomUUID();
        Http.Response ra = http.get("/api/callbacks/secret", a);
        assertEquals(200, ra.status(), ra.body());
        assertEquals(java.util.List.of("no-store"), ra.headers().get("cache-control"));
        // The local stack's key (LocalRuntime: CALLBACK_SIGNING_KEY), derived as docs/callbacks.md says.
        assertEquals(CallbackSigning.fixed("local-callback-signing-key").ownerSecret(a),
                ra.json().path("secret").asText());
        assertTrue(ra.json().path("previous_secret").isNull(), "no key is being rotated out: " + ra.body());
        assertNotEquals(ra.json().path("secret").asText(),
                http.get("/api/callbacks/secret", b).json().path("secret").asText());
        assertEquals(401, http.get("/api/callbacks/secret", null).status());
    }
}
