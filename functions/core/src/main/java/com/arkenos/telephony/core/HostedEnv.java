package com.arkenos.telephony.core;

/** The environment {@link Env#hosting} installs for the function being built on this thread. */
final class HostedEnv {
    static final Scoped<Env> CURRENT = new Scoped<>();

    private HostedEnv() {
    }
}
