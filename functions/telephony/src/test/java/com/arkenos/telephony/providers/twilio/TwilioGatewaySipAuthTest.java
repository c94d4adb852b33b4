package com.arkenos.telephony.providers.twilio;

import static com.arkenos.devkit.twilio.TwilioOperations.TRUNK_CREDENTIAL_LISTS_CREATE;
import static com.arkenos.devkit.twilio.TwilioOperations.TRUNK_IP_ACCESS_CONTROL_LISTS_CREATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arkenos.devkit.twilio.SandboxCredentialList;
import com.arkenos.devkit.twilio.SandboxIpAccessControlList;
import com.arkenos.telephony.providers.ProviderException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TwilioGatewaySipAuthTest extends SandboxGatewayTestBase {
    private static final String PASSWORD = "Termination2024Pass";

    @Test
    void createCredentialList_isListedAndStoredOnTwilio() {
        CredentialList list = gateway.createCredentialList("livekit-outbound");

        assertTrue(list.sid().matches("CL[0-9a-f]{32}"), list.sid());
        assertEquals(List.of(list), gateway.listCredentialLists());
        assertEquals(List.of(new SandboxCredentialList(list.sid(), "livekit-outbound", List.of())),
                sandbox.credentialLists());
    }

    @Test
    void createCredential_addsTheUsernameToTheList() {
        CredentialList list = gateway.createCredentialList("livekit-outbound");

        gateway.createCredential(list.sid(), "agent-1", PASSWORD);

        assertEquals(List.of("agent-1"), gateway.listCredentialUsernames(list.sid()));
        assertEquals(List.of("agent-1"), sandbox.credentialLists().get(0).usernames());
    }

    @Test
    void createCredential_withWeakPassword_isPermanentAndNeverEchoesThePassword() {
        CredentialList list = gateway.createCredentialList("livekit-outbound");
        String weak = "alllowercase1";

        ProviderException e = assertFails(ProviderException.Permanent.class, 400, "400",
                () -> gateway.createCredential(list.sid(), "agent-1", weak));

        assertFalse(e.getMessage().contains(weak), e.getMessage());
        assertEquals(List.of(), sandbox.credentialLists().get(0).usernames());
    }

    @Test
    void deleteCredential_removesTheUsername_andAnUnknownUsernameIsNoOp() {
        CredentialList list = gateway.createCredentialList("livekit-outbound");
        gateway.createCredential(list.sid(), "agent-1", PASSWORD);
        gateway.createCredential(list.sid(), "agent-2", PASSWORD);

        gateway.deleteCredential(list.sid(), "agent-1");
        gateway.deleteCredential(list.sid(), "nobody");

        assertEquals(List.of("agent-2"), gateway.listCredentialUsernames(list.sid()));
    }

    @Test
    void linkCredentialList_twice_linksItOnce() {
        SipTrunk trunk = gateway.createTrunk("agent-1");
        CredentialList list = gateway.createCredentialList("livekit-outbound");

        gateway.linkCredentialList(trunk.sid(), list.sid());
        gateway.linkCredentialList(trunk.sid(), list.sid());

        assertEquals(2, sandbox.faults().calls(TRUNK_CREDENTIAL_LISTS_CREATE));
        assertEquals(List.of(list.sid()), gateway.listTrunkCredentialLists(trunk.sid()));
        assertEquals(Set.of(list.sid()), sandbox.trunk(trunk.sid()).orElseThrow().credentialListSids());
    }

    @Test
    void linkCredentialList_unknownList_isPermanentNotFound() {
        SipTrunk trunk = gateway.createTrunk("agent-1");

        assertFails(ProviderException.Permanent.class, 404, "20404",
                () -> gateway.linkCredentialList(trunk.sid(), "CL00000000000000000000000000000000"));
    }

    @Test
    void ipAccessControlList_withAddresses_isListedAndStoredOnTwilio() {
        IpAccessControlList acl = gateway.createIpAccessControlList("livekit-sip");

        gateway.addIpAddress(acl.sid(), "livekit-1", "203.0.113.10");
        gateway.addIpAddress(acl.sid(), "livekit-2", "203.0.113.11");

        assertTrue(acl.sid().matches("AL[0-9a-f]{32}"), acl.sid());
        assertEquals(List.of(acl), gateway.listIpAccessControlLists());
        assertEquals(List.of("203.0.113.10", "203.0.113.11"), gateway.listIpAddresses(acl.sid()));
        assertEquals(List.of(new SandboxIpAccessControlList(acl.sid(), "livekit-sip",
                List.of("203.0.113.10", "203.0.113.11"))), sandbox.ipAccessControlLists());
    }

    @Test
    void addIpAddress_notAnIpAddress_isPermanentBadRequest() {
        IpAccessControlList acl = gateway.createIpAccessControlList("livekit-sip");

        assertFails(ProviderException.Permanent.class, 400, "400",
                () -> gateway.addIpAddress(acl.sid(), "bad", "203.0.113.300"));
    }

    @Test
    void linkIpAccessControlList_twice_linksItOnce() {
        SipTrunk trunk = gateway.createTrunk("agent-1");
        IpAccessControlList acl = gateway.createIpAccessControlList("livekit-sip");

        gateway.linkIpAccessControlList(trunk.sid(), acl.sid());
        gateway.linkIpAccessControlList(trunk.sid(), acl.sid());

        assertEquals(2, sandbox.faults().calls(TRUNK_IP_ACCESS_CONTROL_LISTS_CREATE));
        assertEquals(List.of(acl.sid()), gateway.listTrunkIpAccessControlLists(trunk.sid()));
        assertEquals(Set.of(acl.sid()), sandbox.trunk(trunk.sid()).orElseThrow().ipAccessControlListSids());
    }
}
