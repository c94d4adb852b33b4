package com.arkenos.telephony.core.log;

/** Run by {@link LogTest} in a fresh JVM: one line of each level, filtered by the level of that JVM's environment. */
public final class LogLevelProbe {
    private LogLevelProbe() {
    }

    public static void main(String[] args) {
        Log.debug("probe_debug");
        Log.info("probe_info");
        Log.warn("probe_warn");
        Log.error("probe_error", null);
    }
}
