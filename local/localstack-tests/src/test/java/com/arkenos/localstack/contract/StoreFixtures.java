package com.arkenos.localstack.contract;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Test data for the store contracts. Every owner and phone number is fresh, so the contracts never depend on what
 * other tests (or earlier runs against a reused LocalStack) left in the tables, and never need to empty them.
 */
final class StoreFixtures {
    /** The tables are created under their logical ids from template.yaml, on every target. */
    static final String AGENTS_TABLE = "AgentsTable";
    static final String NUMBERS_TABLE = "NumbersTable";

    private StoreFixtures() {
    }

    static String newOwner() {
        return "owner-" + UUID.randomUUID();
    }

    /** A random E.164 number, +1 and ten digits: two tests drawing the same one is a one-in-billions event. */
    static String newPhone() {
        long subscriber = ThreadLocalRandom.current().nextLong(2_000_000_000L, 9_999_999_999L);
        return "+1" + subscriber;
    }

    /** Seconds only: DynamoDB stores the ISO text, and whole seconds keep equality checks free of rounding. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    static Agent agent(String owner, String id, String name) {
        Instant t = now();
        return new Agent(id, owner, name, true,
                Json.object().put("system_prompt", "You answer for " + name).put("voice_id", "v-1"),
                null, t, t, 1);
    }

    /** A number as the buy flow claims it: PROVISIONING, owned by execution {@code execution}. */
    static NumberRecord claimed(String phone, String owner, String agentId, String execution) {
        Instant t = now();
        return new NumberRecord(phone, owner, agentId, "PN" + UUID.randomUUID().toString().replace("-", ""),
                NumberStatus.PROVISIONING, "buy", "provision", 1, execution, null, Map.of(), null, t, t, 1);
    }
}
