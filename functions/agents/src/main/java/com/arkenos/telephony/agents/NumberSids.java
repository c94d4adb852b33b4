package com.arkenos.telephony.agents;

import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.numbers.NumberAttributes;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
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
 *
 * <p>The batch read stays on the low-level client: it projects the three attributes it needs (a number's item also
 * carries its provisioning steps), and the Enhanced Client's batch read has no projection. The items it returns are
 * mapped by the static schema of {@link Sid}.
 */
public final class NumberSids {
    /** What this read takes of a number's item. */
    static final class Sid {
        String phone;
        String owner;
        String sid;

        static final TableSchema<Sid> SCHEMA = StaticTableSchema.builder(Sid.class).newItemSupplier(Sid::new)
                .addAttribute(String.class, a -> a.name(NumberAttributes.PHONE).getter(i -> i.phone)
                        .setter((i, v) -> i.phone = v))
                .addAttribute(String.class, a -> a.name(NumberAttributes.OWNER).getter(i -> i.owner)
                        .setter((i, v) -> i.owner = v))
                .addAttribute(String.class, a -> a.name(NumberAttributes.SID).getter(i -> i.sid)
                        .setter((i, v) -> i.sid = v))
                .build();
    }

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
                answer.responses().getOrDefault(numbersTable, List.of()).stream().map(Sid.SCHEMA::mapToItem)
                        .forEach(n -> {
                            if (n.sid != null && n.owner != null && n.owner.equals(owners.get(n.phone))) {
                                sids.put(n.phone, n.sid);
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
