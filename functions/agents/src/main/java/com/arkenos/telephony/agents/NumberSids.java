package com.arkenos.telephony.agents;

import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.numbers.NumberAttributes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Twilio SID of each agent's number, which the number's own record holds (the agent item keeps only the number,
 * so there is one place that knows the SID). One read for an agent, one batch read for a page of agents; agents
 * without a number cost nothing.
 */
public final class NumberSids {
    private static final int BATCH = 100;
    private static final int MAX_ATTEMPTS = 5;
    private final DynamoDbClient dynamo;
    private final String numbersTable;

    public NumberSids(DynamoDbClient dynamo, String numbersTable) {
        this.dynamo = dynamo;
        this.numbersTable = numbersTable;
    }

    /** phone number -> Twilio SID, for the numbers these agents hold (a number of another owner is left out). */
    public Map<String, String> of(List<Agent> agents) {
        Map<String, String> owners = new HashMap<>();
        agents.stream().filter(a -> a.phoneNumber() != null).forEach(a -> owners.put(a.phoneNumber(), a.owner()));
        Map<String, String> sids = new HashMap<>();
        List<String> phones = new ArrayList<>(owners.keySet());
        for (int i = 0; i < phones.size(); i += BATCH) {
            List<Map<String, AttributeValue>> keys = phones.subList(i, Math.min(phones.size(), i + BATCH)).stream()
                    .map(p -> Map.of(NumberAttributes.PHONE, AttributeValue.fromS(p))).toList();
            Map<String, KeysAndAttributes> pending = Map.of(numbersTable, KeysAndAttributes.builder().keys(keys)
                    .projectionExpression("#p, #o, #s")
                    .expressionAttributeNames(Map.of("#p", NumberAttributes.PHONE, "#o", NumberAttributes.OWNER,
                            "#s", NumberAttributes.SID)).build());
            for (int attempt = 0; !pending.isEmpty() && attempt < MAX_ATTEMPTS; attempt++) {
                pause(attempt);
                Map<String, KeysAndAttributes> request = pending;
                var answer = dynamo.batchGetItem(b -> b.requestItems(request));
                answer.responses().getOrDefault(numbersTable, List.of()).forEach(item -> {
                    String phone = item.get(NumberAttributes.PHONE).s();
                    AttributeValue owner = item.get(NumberAttributes.OWNER);
                    AttributeValue sid = item.get(NumberAttributes.SID);
                    if (sid != null && owner != null && owner.s().equals(owners.get(phone))) {
                        sids.put(phone, sid.s());
                    }
                });
                pending = answer.unprocessedKeys();
            }
        }
        return sids;
    }

    /** DynamoDB returns unprocessed keys when throttled; ask again after a short, growing pause. */
    private static void pause(int attempt) {
        if (attempt == 0) {
            return;
        }
        try {
            Thread.sleep(25L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
