package com.arkenos.telephony.priming;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.auth.WorkerKey;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.snapstart.Primer;
import com.arkenos.telephony.handlers.agents.CreateAgentHandler;
import com.arkenos.telephony.handlers.agents.DeleteAgentHandler;
import com.arkenos.telephony.handlers.agents.GetAgentHandler;
import com.arkenos.telephony.handlers.agents.ListAgentsHandler;
import com.arkenos.telephony.handlers.agents.UpdateAgentHandler;
import com.arkenos.telephony.wiring.AgentsWiring;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * SnapStart priming of the agents handlers: a copy of the handler, wired to a DynamoDB client that a stand-in
 * answers (one agent, held by the priming owner), serves its route's requests, and a refused one; the worker's key
 * is read from the same stand-in. Nothing reaches DynamoDB or Secrets Manager.
 */
public final class AgentsPrimer implements Primer {
    private static final String OWNER = "priming";
    private static final String AGENT = "00000000-0000-4000-8000-000000000000";
    private static final String ONE = "/api/agents/" + AGENT;
    private static final Map<String, String> USER = Map.of("x-user-id", OWNER);
    /** The worker's key as the stand-in's Secrets Manager holds it. */
    private static final String KEY = "priming-worker-key";
    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:000000000000:secret:priming";
    private static final String ITEM = "{\"owner_id\":{\"S\":\"" + OWNER + "\"},\"agent_id\":{\"S\":\""
            + AGENT + "\"},\"name\":{\"S\":\"Priming\"},\"active\":{\"BOOL\":true},"
            + "\"config\":{\"S\":\"{\\\"system_prompt\\\":\\\"You are priming.\\\"}\"},"
            + "\"created_at\":{\"S\":\"2024-01-01T00:00:00Z\"},\"updated_at\":{\"S\":\"2024-01-01T00:00:00Z\"},"
            + "\"version\":{\"N\":\"1\"}}";

    private static final Map<Class<?>, List<String>> REQUESTS = Map.of(
            CreateAgentHandler.class, List.of(HttpFunction.primingEvent("POST", "/api/agents", "POST /api/agents",
                    USER, Map.of(), "{\"name\":\"Priming\",\"config\":{\"system_prompt\":\"You are priming.\","
                            + "\"first_message_mode\":\"assistant_speaks_first\",\"tools\":[{\"name\":\"t\"}]}}")),
            ListAgentsHandler.class, List.of(HttpFunction.primingEvent("GET", "/api/agents", "GET /api/agents", USER,
                    Map.of("limit", "10"), null)),
            GetAgentHandler.class, List.of(
                    HttpFunction.primingEvent("GET", ONE, "GET /api/agents/{id}", USER, Map.of(), null),
                    HttpFunction.primingEvent("GET", ONE, "GET /api/agents/{id}", Map.of("x-worker-key", KEY),
                            Map.of(), null),
                    HttpFunction.primingEvent("GET", ONE, "GET /api/agents/{id}", Map.of(), Map.of(), null)),
            UpdateAgentHandler.class, List.of(HttpFunction.primingEvent("PATCH", ONE, "PATCH /api/agents/{id}", USER,
                    Map.of(), "{\"name\":\"Primed\",\"config\":{\"voice_id\":\"v\"},\"version\":1}")),
            DeleteAgentHandler.class, List.of(HttpFunction.primingEvent("DELETE", ONE, "DELETE /api/agents/{id}",
                    USER, Map.of(), null)));

    private static final Map<Class<?>, Supplier<HttpFunction>> HANDLERS = Map.of(
            CreateAgentHandler.class, CreateAgentHandler::new,
            ListAgentsHandler.class, ListAgentsHandler::new,
            GetAgentHandler.class, GetAgentHandler::new,
            UpdateAgentHandler.class, UpdateAgentHandler::new,
            DeleteAgentHandler.class, DeleteAgentHandler::new);

    @Override
    public boolean primes(Class<?> handlerType) {
        return HANDLERS.containsKey(handlerType);
    }

    @Override
    public void prime(Object handler) throws Exception {
        Class<?> handlerType = handler.getClass();
        Env env = Env.system();
        try (StandIn standIn = StandIn.start(AgentsPrimer::answer); DynamoDbClient client = standIn.dynamo(env)) {
            // The worker's key is read through the stand-in too: the read's classes are in the snapshot.
            WorkerKey key = WorkerKey.reading(env, SECRET, standIn.httpClient(), standIn.endpoint(),
                    StandIn.credentials(env));
            HttpFunction copy = AgentsWiring.building(new AgentsWiring(env, client, key, Clock.systemUTC()),
                    HANDLERS.get(handlerType));
            for (String event : REQUESTS.get(handlerType)) {
                HttpFunction.serve(copy, event);
            }
        }
    }

    /** DynamoDB's answers for the priming requests. */
    private static String answer(String target, String body) {
        if (target.endsWith(".GetSecretValue")) {
            return "{\"ARN\":\"" + SECRET + "\",\"Name\":\"priming\",\"SecretString\":\"{\\\"key\\\":\\\"" + KEY
                    + "\\\"}\"}";
        }
        if (target.endsWith(".GetItem")) {
            return "{\"Item\":" + ITEM + "}";
        }
        if (target.endsWith(".Query")) {
            return "{\"Items\":[" + ITEM + "],\"Count\":1,\"ScannedCount\":1}";
        }
        return "{}";
    }
}
