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

    @Test
    void anotherOwnerTimestampOrBody_signsDifferently() {
        String base = signing.signature("user-123", 1795510800L, "{}");
        assertNotEquals(base, signing.signature("user-124", 1795510800L, "{}"));
        assertNotEquals(base, signing.signature("user-123", 1795510801L, "{}"));
        assertNotEquals(base, signing.signature("user-123", 1795510800L, "{ }"));
    }

    @Test
    void withoutASigningKey_nothingIsSigned() {
        assertThrows(IllegalStateException.class, () -> CallbackSigning.fixed(null).ownerSecret("user-123"));
        assertThrows(IllegalStateException.class, () -> CallbackSigning.fixed("").signature("u", 1, "{}"));
    }
}
