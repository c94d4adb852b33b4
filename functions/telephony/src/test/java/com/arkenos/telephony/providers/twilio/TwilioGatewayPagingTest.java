package com.arkenos.telephony.providers.twilio;

import static com.arkenos.devkit.twilio.TwilioOperations.CREDENTIAL_LISTS_LIST;
import static com.arkenos.devkit.twilio.TwilioOperations.TRUNKS_LIST;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Twilio pages lists by 50 by default: API 2010-04-01 with next_page_uri, Trunking v1 with meta.next_page_url. */
class TwilioGatewayPagingTest extends SandboxGatewayTestBase {

    @Test
    void listCredentialLists_longerThanOnePage_returnsEveryListInOrder() {
        List<String> names = IntStream.range(0, 60).mapToObj(i -> "list-" + i).toList();
        names.forEach(gateway::createCredentialList);

        List<CredentialList> listed = gateway.listCredentialLists();

        assertEquals(names, listed.stream().map(CredentialList::friendlyName).toList());
        assertEquals(2, sandbox.faults().calls(CREDENTIAL_LISTS_LIST), "two pages of 50");
    }

    @Test
    void listTrunks_longerThanOnePage_returnsEveryTrunkInOrder() {
        List<String> names = IntStream.range(0, 55).mapToObj(i -> "trunk-" + i).toList();
        names.forEach(gateway::createTrunk);

        List<SipTrunk> listed = gateway.listTrunks();

        assertEquals(names, listed.stream().map(SipTrunk::friendlyName).toList());
        assertEquals(2, sandbox.faults().calls(TRUNKS_LIST), "two pages of 50");
    }
}
