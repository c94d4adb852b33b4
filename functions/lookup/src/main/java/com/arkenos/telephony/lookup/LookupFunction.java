package com.arkenos.telephony.lookup;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.core.aws.AwsClients;
import com.arkenos.telephony.core.aws.Tables;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.numbers.NumberAttributes;
import com.arkenos.telephony.core.phone.PhoneNumbers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/telephony/lookup?phone_number=...}: which agent answers a dialled number. The agent worker calls
 * it while a caller waits, so it does exactly two DynamoDB reads (the number, then its agent) and carries nothing
 * but DynamoDB. It returns system prompts, so it requires the worker's key.
 */
public class LookupFunction extends HttpFunction {
    private static final String NOT_FOUND = "No agent found for this phone number";
    private final DynamoDbClient dynamo;
    private final String numbersTable;
    private final AgentStore agents;
    private final WorkerKey workerKey;

    public LookupFunction() {
        this(Env.system());
    }

    public LookupFunction(Env env) {
        this(AwsClients.dynamo(env), Tables.from(env), WorkerKey.from(env));
    }

    public LookupFunction(DynamoDbClient dynamo, Tables tables, WorkerKey workerKey) {
        this.dynamo = dynamo;
        this.numbersTable = tables.numbers();
        this.agents = new AgentStore(dynamo, tables.agents());
        this.workerKey = workerKey;
        router().on("GET", "/api/telephony/lookup", this::lookup);
    }

    private HttpResponse lookup(HttpRequest req) {
        workerKey.check(req);
        String raw = req.query("phone_number").orElseThrow(() ->
                ApiError.badRequest("missing_parameter", "the phone_number query parameter is required"));
        String phone = PhoneNumbers.fromDialled(raw).orElseThrow(() ->
                ApiError.badRequest("invalid_phone_number", "phone_number is not a phone number"));
        Map<String, AttributeValue> number = dynamo.getItem(b -> b.tableName(numbersTable)
                .key(Map.of(NumberAttributes.PHONE, AttributeValue.fromS(phone))).consistentRead(true)
                .projectionExpression("#o, #a, #s")
                .expressionAttributeNames(Map.of("#o", NumberAttributes.OWNER, "#a", NumberAttributes.AGENT,
                        "#s", NumberAttributes.STATUS))).item();
        if (number == null || !number.containsKey(NumberAttributes.AGENT)
                || !NumberAttributes.ACTIVE.equals(number.get(NumberAttributes.STATUS).s())) {
            throw ApiError.notFound(NOT_FOUND);
        }
        Optional<Agent> agent = agents.find(number.get(NumberAttributes.OWNER).s(), number.get(NumberAttributes.AGENT).s())
                .filter(Agent::active);
        if (agent.isEmpty()) {
            throw ApiError.notFound(NOT_FOUND);
        }
        ObjectNode out = Json.object();
        out.put("agent_id", agent.get().id());
        out.put("name", agent.get().name());
        out.set("config", agent.get().config());
        out.put("phone_number", phone);
        return HttpResponse.ok(out);
    }
}
