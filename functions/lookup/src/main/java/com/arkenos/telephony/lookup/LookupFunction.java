package com.arkenos.telephony.lookup;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.core.aws.AwsClients;
import com.arkenos.telephony.core.auth.WorkerKey;
import com.arkenos.telephony.core.aws.Tables;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.JsonTrees;
import com.arkenos.telephony.core.log.Metric;
import com.arkenos.telephony.core.numbers.NumberAttributes;
import com.arkenos.telephony.core.numbers.NumberRoute;
import com.arkenos.telephony.core.phone.PhoneNumbers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * {@code GET /api/telephony/lookup?phone_number=...}: which agent answers a dialled number. The agent worker calls
 * it while a caller waits, so it does one DynamoDB read: the number's item, which keeps a copy of its agent
 * ({@link NumberRoute}); a number written before the copy existed costs a second read, of its agent. It carries
 * nothing but DynamoDB. It returns system prompts, so it requires the worker's key.
 */
public class LookupFunction extends HttpFunction {
    private static final String NOT_FOUND = "No agent found for this phone number";
    private final DynamoDbClient dynamo;
    private final String numbersTable;
    private final String agentsTable;
    private final WorkerKey workerKey;

    public LookupFunction() {
        this(Env.system());
    }

    private LookupFunction(Env env) {
        this(AwsClients.dynamo(env), Tables.from(env), WorkerKey.from(env).load());
    }

    public LookupFunction(DynamoDbClient dynamo, Tables tables, WorkerKey workerKey) {
        super("GET /api/telephony/lookup");
        this.dynamo = dynamo;
        this.numbersTable = tables.numbers();
        this.agentsTable = tables.agents();
        this.workerKey = workerKey;
    }

    /** Answers, and counts what the worker waited for: LookupLatency by outcome, LookupNotFound. */
    @Override
    protected HttpResponse serve(HttpRequest request) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            HttpResponse found = lookup(request);
            outcome = "found";
            return found;
        } catch (ApiError e) {
            outcome = e.status() == 404 ? "not_found" : "refused";
            if (e.status() == 404) {
                Metric.count("LookupNotFound").emit();
            }
            throw e;
        } finally {
            Metric.of("LookupLatency", Metric.Unit.MILLISECONDS, (System.nanoTime() - start) / 1e6)
                    .dimension("Outcome", outcome).emit();
        }
    }

    private HttpResponse lookup(HttpRequest req) {
        workerKey.check(req);
        String raw = req.query("phone_number").orElseThrow(() ->
                ApiError.badRequest("missing_parameter", "the phone_number query parameter is required"));
        String phone = PhoneNumbers.fromDialled(raw).orElseThrow(() ->
                ApiError.badRequest("invalid_phone_number", "phone_number is not a phone number"));
        Map<String, AttributeValue> number = dynamo.getItem(b -> b.tableName(numbersTable)
                .key(Map.of(NumberAttributes.PHONE, AttributeValue.fromS(phone))).consistentRead(true)
                .projectionExpression("#o, #a, #s, #rn, #rc, #ra, #rv")
                .expressionAttributeNames(Map.of("#o", NumberAttributes.OWNER, "#a", NumberAttributes.AGENT,
                        "#s", NumberAttributes.STATUS, "#rn", NumberRoute.NAME, "#rc", NumberRoute.CONFIG,
                        "#ra", NumberRoute.ACTIVE, "#rv", NumberRoute.VERSION))).item();
        if (number == null || !number.containsKey(NumberAttributes.AGENT)
                || !NumberAttributes.ACTIVE.equals(number.get(NumberAttributes.STATUS).s())) {
            throw ApiError.notFound(NOT_FOUND);
        }
        String agentId = number.get(NumberAttributes.AGENT).s();
        Map<String, AttributeValue> agent = NumberRoute.present(number)
                ? Map.of(AgentStore.ACTIVE, number.get(NumberRoute.ACTIVE),
                        AgentStore.NAME, number.get(NumberRoute.NAME),
                        AgentStore.CONFIG, number.get(NumberRoute.CONFIG))
                : agentItem(number.get(NumberAttributes.OWNER).s(), agentId);
        if (agent == null || agent.isEmpty() || !agent.containsKey(AgentStore.ACTIVE)
                || !Boolean.TRUE.equals(agent.get(AgentStore.ACTIVE).bool())) {
            throw ApiError.notFound(NOT_FOUND);
        }
        // The answer is read straight from the item and written with jackson-core (JsonTrees): the worker waits on
        // this request while a caller hears ringing, and an ObjectMapper costs a cold start ~150 ms.
        ObjectNode out = JsonTrees.object();
        out.put("agent_id", agentId);
        out.put("name", agent.get(AgentStore.NAME).s());
        out.set("config", config(agent.get(AgentStore.CONFIG)));
        out.put("phone_number", phone);
        return new HttpResponse(200, Map.of("content-type", "application/json"), JsonTrees.write(out));
    }

    /** The agent's own item: only for a number written before it kept its copy of the agent. */
    private Map<String, AttributeValue> agentItem(String owner, String agentId) {
        return dynamo.getItem(b -> b.tableName(agentsTable).consistentRead(true)
                .key(AgentStore.key(owner, agentId))).item();
    }

    /** The stored config (a JSON object as text), as {@link AgentStore#fromItem} reads it. */
    private static ObjectNode config(AttributeValue stored) {
        if (stored == null || stored.s() == null) {
            return JsonTrees.object();
        }
        try {
            return JsonTrees.read(stored.s()) instanceof ObjectNode o ? o : JsonTrees.object();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored agent config is not JSON", e);
        }
    }
}
