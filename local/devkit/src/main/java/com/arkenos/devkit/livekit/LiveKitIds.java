package com.arkenos.devkit.livekit;

import java.util.concurrent.ThreadLocalRandom;

/** Identifiers shaped like LiveKit's guids: a type prefix and 12 base62 characters. */
final class LiveKitIds {
    static final String TRUNK = "ST_";
    static final String DISPATCH_RULE = "SDR_";
    static final String ROOM = "RM_";
    static final String PARTICIPANT = "PA_";
    static final String SIP_CALL = "SCL_";
    static final String AGENT_DISPATCH = "AD_";
    static final String EVENT = "EV_";

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int SIZE = 12;

    private LiveKitIds() {
    }

    static String next(String prefix) {
        StringBuilder id = new StringBuilder(prefix.length() + SIZE).append(prefix);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < SIZE; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
