package com.arkenos.devkit.livekit;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phone numbers and source addresses as LiveKit's SIP layer compares them (livekit/protocol sip.go): numbers are
 * normalised (formatting removed, leading {@code +}) before matching; {@code allowed_addresses} entries are IPs,
 * CIDR blocks or host names, and an empty list allows everyone.
 */
final class SipAddressing {
    private static final Pattern NUMBER_LIKE = Pattern.compile("^\\+?[\\d\\- ()]+$");
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

    private SipAddressing() {
    }

    /** LiveKit's NormalizeNumber: drops spaces, dashes and parentheses and adds the {@code +}; other text is kept. */
    static String normalize(String number) {
        if (number == null || number.isEmpty()) {
            return "";
        }
        if (!NUMBER_LIKE.matcher(number).matches()) {
            return number;
        }
        String digits = number.replaceAll("[ ()\\-]", "");
        return digits.startsWith("+") ? digits : "+" + digits;
    }

    /** An empty allow-list admits every caller. */
    static boolean numberAllowed(String caller, List<String> allowed) {
        if (allowed.isEmpty()) {
            return true;
        }
        String norm = normalize(caller);
        return allowed.stream().anyMatch(a -> a.equals(caller) || normalize(a).equals(norm));
    }

    /** LiveKit's isValidMask: an IP, a CIDR block, or a host name; never a URL or a list. */
    static boolean isValidMask(String mask) {
        return mask != null && !mask.isEmpty() && mask.chars().noneMatch(c -> "()+*;, \t\n\r".indexOf(c) >= 0)
                && !mask.contains("://");
    }

    /** An empty allow-list (after dropping invalid entries) admits every address, as on LiveKit. */
    static boolean addressAllowed(String source, List<String> masks) {
        List<String> valid = masks.stream().filter(SipAddressing::isValidMask).toList();
        if (valid.isEmpty()) {
            return true;
        }
        Optional<byte[]> ip = literal(source);
        if (ip.isEmpty()) {
            return true; // LiveKit lets an unparsable source through; only real IPs are filtered
        }
        return valid.stream().anyMatch(mask -> mask.equals(source) || inMask(ip.get(), mask));
    }

    private static boolean inMask(byte[] ip, String mask) {
        int slash = mask.indexOf('/');
        Optional<byte[]> net = literal(slash < 0 ? mask : mask.substring(0, slash));
        if (net.isEmpty() || net.get().length != ip.length) {
            return false;
        }
        int bits = ip.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(mask.substring(slash + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            if (bits < 0 || bits > ip.length * 8) {
                return false;
            }
        }
        int shift = ip.length * 8 - bits;
        return new BigInteger(1, ip).shiftRight(shift).equals(new BigInteger(1, net.get()).shiftRight(shift));
    }

    /** Parses IP literals only: host names must never trigger a DNS lookup here. */
    private static Optional<byte[]> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (IPV4.matcher(t).matches()) {
            String[] octets = t.split("\\.");
            byte[] address = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(octets[i]);
                if (v > 255) {
                    return Optional.empty();
                }
                address[i] = (byte) v;
            }
            return Optional.of(address);
        }
        if (!t.contains(":")) {
            return Optional.empty();
        }
        try { // with a colon the JDK parses an IPv6 literal and never resolves a name
            return Optional.of(InetAddress.getByName(t).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
