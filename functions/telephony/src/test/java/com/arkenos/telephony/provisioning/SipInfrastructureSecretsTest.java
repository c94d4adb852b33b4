package com.arkenos.telephony.provisioning;

import com.arkenos.telephony.testing.LocalStack;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An outbound call whose outbound trunk is recorded reads no credentials: neither the settings (LiveKit's SIP URI,
 * the Twilio account: Secrets Manager reads in AWS) nor the termination password, nor any provider.
 */
class SipInfrastructureSecretsTest {
    private static final class Read extends RuntimeException {
        Read(String what) {
            super(what + " was read");
        }
    }

    private static SipInfrastructure infrastructure(InfraStore store) {
        return new SipInfrastructure(store, () -> { throw new Read("Twilio"); }, () -> { throw new Read("LiveKit"); },
                () -> { throw new Read("the settings"); }, List::of);
    }

    @Test
    void ensureOutboundTrunk_whenRecorded_readsNoCredentialAndNoProvider() {
        InfraStore store = new InfraStore(LocalStack.dynamo().client(), "SipInfraTable");
        String trunk = "ST_" + UUID.randomUUID();
        store.record(SipInfrastructure.LIVEKIT_OUTBOUND, Map.of("id", trunk, "address", "x.pstn.twilio.com"));
        try {
            assertEquals(trunk, infrastructure(store).ensureOutboundTrunk("+15105550100",
                    () -> { throw new Read("the termination password"); }));
        } finally {
            store.forget(SipInfrastructure.LIVEKIT_OUTBOUND);
        }
    }

    @Test
    void ensureOutboundTrunk_whenNotRecorded_needsThem() {
        InfraStore store = new InfraStore(LocalStack.dynamo().client(), "SipInfraTable");
        store.forget(SipInfrastructure.LIVEKIT_OUTBOUND);
        assertThrows(Read.class, () -> infrastructure(store).ensureOutboundTrunk("+15105550100",
                () -> { throw new Read("the termination password"); }));
    }
}
