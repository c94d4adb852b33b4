package com.arkenos.telephony.priming;

import com.arkenos.telephony.calls.CallDirection;
import com.arkenos.telephony.calls.CallRecord;
import com.arkenos.telephony.calls.CallStatus;
import com.arkenos.telephony.calls.CallStore;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.testing.LocalStack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Records written straight into DynamoDB Local (not through the counting proxies), for the requests after priming. */
final class Seeds {
    private Seeds() {
    }

    static DynamoDbClient dynamo() {
        return LocalStack.dynamo().client();
    }

    static String newPhone() {
        return "+1415" + (2000000 + ThreadLocalRandom.current().nextInt(7000000));
    }

    static NumberRecord number(String owner, String phone, String agentId, NumberStatus status, String execution) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        NumberRecord r = new NumberRecord(phone, owner, agentId, null, status, "purchased",
                status == NumberStatus.RELEASING ? "release" : "provision", 1, execution, null, Map.of(), null,
                now, now, 1);
        dynamo().putItem(b -> b.tableName("NumbersTable").item(NumberStore.toItem(r)));
        return r;
    }

    static CallRecord outboundCall(String owner, String callee, String trunkId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = UUID.randomUUID().toString();
        CallRecord c = new CallRecord(id, owner, UUID.randomUUID().toString(), CallDirection.OUTBOUND,
                CallStatus.RINGING, "outbound-" + id, "+15105550100", callee, "phone-" + callee, "Phone " + callee,
                trunkId, null, 10,
                null, null, null, null, null, now, null, null, null, now);
        new CallStore(dynamo(), "CallsTable").create(c);
        return c;
    }
}
