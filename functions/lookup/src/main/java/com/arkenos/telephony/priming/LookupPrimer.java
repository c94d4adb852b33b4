package com.arkenos.telephony.priming;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.auth.WorkerKey;
import com.arkenos.telephony.core.aws.StandIn;
import com.arkenos.telephony.core.aws.Tables;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.numbers.NumberAttributes;
import com.arkenos.telephony.core.snapstart.Primer;
import com.arkenos.telephony.lookup.LookupFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Map;

/**
 * SnapStart priming of the lookup: a copy of it on a DynamoDB client that a stand-in answers serves a lookup that
 * finds its agent and one that is refused; the worker key's Secrets Manager client is built and exercised the same
 * way. Nothing reaches DynamoDB or Secrets Manager.
 */
public final class LookupPrimer implements Primer {
    private static final String PHONE = "+15550100000";
    private static final String AGENT = "00000000-0000-4000-8000-000000000000";

    @Override
    public boolean primes(Class<?> handlerType) {
        return handlerType == LookupFunction.class;
    }

    @Override
    public void prime(Object handler) throws Exception {
        Class<?> handlerType = handler.getClass();
        Env env = Env.system();
        String key = "priming-worker-key";
        try (StandIn standIn = StandIn.start(LookupPrimer::answer); DynamoDbClient client = standIn.dynamo(env)) {
            LookupFunction copy = new LookupFunction(client, Tables.from(env), WorkerKey.fixed(key));
            for (String presented : new String[] {key, key, "not-the-key"}) {
                HttpFunction.serve(copy, HttpFunction.primingEvent("GET", "/api/telephony/lookup",
                        "GET /api/telephony/lookup", Map.of("x-worker-key", presented),
                        Map.of("phone_number", PHONE), null));
            }
        }
        WorkerKey.from(env).prime();
    }

    /** DynamoDB's answers for the priming lookups: the number is ACTIVE and held by an active agent. */
    private static String answer(String target, String body) {
        if (!target.endsWith(".GetItem")) {
            return "{}";
        }
        if (body.contains("\"" + NumberAttributes.PHONE + "\"")) {
            return "{\"Item\":{\"" + NumberAttributes.OWNER + "\":{\"S\":\"priming\"},\"" + NumberAttributes.AGENT
                    + "\":{\"S\":\"" + AGENT + "\"},\"" + NumberAttributes.STATUS + "\":{\"S\":\""
                    + NumberAttributes.ACTIVE + "\"}}}";
        }
        return "{\"Item\":{\"owner_id\":{\"S\":\"priming\"},\"agent_id\":{\"S\":\"" + AGENT + "\"},"
                + "\"name\":{\"S\":\"Priming\"},\"active\":{\"BOOL\":true},"
                + "\"config\":{\"S\":\"{\\\"system_prompt\\\":\\\"You are priming.\\\",\\\"temperature\\\":0.7}\"},"
                + "\"created_at\":{\"S\":\"2024-01-01T00:00:00Z\"},\"updated_at\":{\"S\":\"2024-01-01T00:00:00Z\"},"
                + "\"version\":{\"N\":\"1\"}}}";
    }
}
