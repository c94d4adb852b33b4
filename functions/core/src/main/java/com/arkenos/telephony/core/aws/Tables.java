package com.arkenos.telephony.core.aws;

import com.arkenos.telephony.core.Env;

/** Table names, given to each function by the template (locally: the tables' logical ids). */
public record Tables(String agents, String numbers, String calls, String infra, String idempotency) {
    public static Tables from(Env env) {
        return new Tables(env.getOrDefault("AGENTS_TABLE", "AgentsTable"),
                env.getOrDefault("NUMBERS_TABLE", "NumbersTable"),
                env.getOrDefault("CALLS_TABLE", "CallsTable"),
                env.getOrDefault("INFRA_TABLE", "SipInfraTable"),
                env.getOrDefault("IDEMPOTENCY_TABLE", "IdempotencyTable"));
    }
}
