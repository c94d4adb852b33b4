package com.arkenos.telephony.calls;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every IPv6 form that carries an IPv4 address, with a private and a public IPv4 inside; and the IPv6 ranges that
 * are refused outright. Literals only: {@link InetAddress#getByName} parses them without DNS.
 */
class CallbackAddressesTest {

    private static boolean isPublic(String literal) throws UnknownHostException {
        return CallbackAddresses.isPublic(InetAddress.getByName(literal));
    }

    @ParameterizedTest(name = "refused: {0}")
    @ValueSource(strings = {
            // IPv4-mapped ::ffff:a.b.c.d (Java unwraps these to Inet4Address itself; checked anyway)
            "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "::ffff:7f00:1", "::ffff:100.64.0.1",
            // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks)
            "::127.0.0.1", "::169.254.169.254", "::10.1.2.3", "::192.168.0.1", "::a9fe:a9fe", "::0.0.0.2",
            // NAT64 well-known prefix 64:ff9b::/96
            "64:ff9b::127.0.0.1", "64:ff9b::169.254.169.254", "64:ff9b::10.0.0.1", "64:ff9b::a9fe:a9fe",
            "64:ff9b::172.16.0.1", "64:ff9b::100.64.0.1",
            // local-use NAT64 64:ff9b:1::/48: refused whatever it carries
            "64:ff9b:1::8.8.8.8", "64:ff9b:1::808:808", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff", "64:ff9b:1::",
            // 6to4 2002::/16 carries the IPv4 in bits 16-47
            "2002:7f00:1::", "2002:a9fe:a9fe::1", "2002:0a00:0001::", "2002:c0a8:0101:1::1", "2002:6440:1::",
            // Teredo 2001::/32: refused whatever it carries
            "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::1", "2001:0:ffff:ffff:ffff:ffff:ffff:ffff",
            // the rest of the non-public IPv6 space
            "::1", "::", "fe80::1", "fc00::1", "fdff:ffff::1", "ff02::1", "fec0::1", "2001:db8::1", "100::1"})
    void privateOrTunnelledAddressesAreRefused(String literal) throws Exception {
        assertFalse(isPublic(literal), literal);
    }

    @ParameterizedTest(name = "allowed: {0}")
    @ValueSource(strings = {"::ffff:8.8.8.8", "::8.8.8.8", "64:ff9b::8.8.8.8", "64:ff9b::808:808",
            "2002:0808:0808::1", "2001:4860:4860::8888", "2606:4700:4700::1111", "8.8.8.8", "93.184.215.14",
            // the edges of the refused ranges
            "64:ff9b:2::1", "2001:1::1", "2003::1", "fb00::1", "2001:db9::1", "100:0:0:1::1"})
    void publicAddressesAndTheirEmbeddedFormsAreAllowed(String literal) throws Exception {
        assertTrue(isPublic(literal), literal);
    }

    @ParameterizedTest(name = "callback URL refused: {0}")
    @ValueSource(strings = {"http://[::ffff:127.0.0.1]/cb", "http://[::ffff:a9fe:a9fe]/latest/meta-data",
            "http://[::127.0.0.1]:8080/cb", "http://[64:ff9b::a9fe:a9fe]/cb", "http://[64:ff9b:1::1]/cb",
            "http://[2002:a9fe:a9fe::]/cb", "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/cb"})
    void callbackUrlsWithTheseAddressesAreRefusedBeforeAnyConnection(String url) {
        assertTrue(new CallbackSender(false).allowed(url).isEmpty(), url);
        assertFalse(CallbackSender.plausible(url, false), url);
    }
}
