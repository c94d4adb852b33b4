package com.arkenos.telephony.calls;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Which addresses a user's callback may reach: public unicast only. An IPv6 address can carry an IPv4 address
 * inside it, and a network that routes those forms (a NAT64 gateway, a 6to4 relay, a dual-stack host taking
 * IPv4-mapped addresses) delivers the request to that IPv4 address: {@code [::ffff:169.254.169.254]} is the metadata
 * endpoint. So the embedded address is unwrapped and checked as IPv4 would be, and the forms whose embedding cannot
 * be told from the address alone (local-use NAT64, whose prefix length is the operator's choice; Teredo, a tunnel to
 * any client behind any NAT) are refused outright.
 */
final class CallbackAddresses {
    private CallbackAddresses() {
    }

    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        if (a instanceof Inet6Address v6) {
            return isPublic6(v6.getAddress());
        }
        return isPublic4(a.getAddress());
    }

    private static boolean isPublic6(byte[] b) {
        int w0 = word(b, 0);
        int w1 = word(b, 2);
        if ((b[0] & 0xfe) == 0xfc) {
            return false; // fc00::/7 unique local
        }
        if (w0 == 0x0064 && w1 == 0xff9b && word(b, 4) == 0x0001) {
            return false; // 64:ff9b:1::/48 local-use NAT64 (RFC 8215): the IPv4 part sits where the operator chose
        }
        if (w0 == 0x2001 && w1 == 0x0000) {
            return false; // 2001::/32 Teredo
        }
        if (w0 == 0x2001 && w1 == 0x0db8) {
            return false; // 2001:db8::/32 documentation
        }
        if (w0 == 0x0100 && word(b, 2) == 0 && word(b, 4) == 0 && word(b, 6) == 0) {
            return false; // 100::/64 discard
        }
        return embeddedIPv4(b).map(CallbackAddresses::isPublicEmbedded).orElse(true);
    }

    /**
     * The IPv4 address carried by an IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-compatible ({@code ::a.b.c.d}),
     * well-known NAT64 ({@code 64:ff9b::a.b.c.d}) or 6to4 ({@code 2002:aabb:ccdd::/48}) address.
     */
    static Optional<byte[]> embeddedIPv4(byte[] b) {
        if (b.length != 16) {
            return Optional.empty();
        }
        boolean first80Zero = allZero(b, 0, 10);
        if (first80Zero && word(b, 10) == 0xffff) {
            return Optional.of(Arrays.copyOfRange(b, 12, 16));
        }
        if (first80Zero && word(b, 10) == 0) {
            return Optional.of(Arrays.copyOfRange(b, 12, 16)); // :: and ::1 are caught before, as unspecified/loopback
        }
        if (word(b, 0) == 0x0064 && word(b, 2) == 0xff9b && allZero(b, 4, 12)) {
            return Optional.of(Arrays.copyOfRange(b, 12, 16));
        }
        if (word(b, 0) == 0x2002) {
            return Optional.of(Arrays.copyOfRange(b, 2, 6));
        }
        return Optional.empty();
    }

    private static boolean isPublicEmbedded(byte[] v4) {
        try {
            InetAddress a = Inet4Address.getByAddress(v4);
            return isPublic(a);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isPublic4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        // 0.0.0.0/8, 100.64.0.0/10 (carrier-grade NAT), 192.0.0.0/24, 198.18.0.0/15 (benchmarking), 240.0.0.0/4
        return first != 0 && !(first == 100 && second >= 64 && second < 128)
                && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)
                && !(first == 198 && (second == 18 || second == 19)) && first < 240;
    }

    private static int word(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
