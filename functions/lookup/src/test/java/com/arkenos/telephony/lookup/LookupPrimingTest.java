package com.arkenos.telephony.lookup;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.testing.NetworkTrap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SnapStart priming runs lookups (found and refused) before the snapshot without reaching DynamoDB or Secrets Manager. */
class LookupPrimingTest {
    @Test
    void beforeCheckpoint_primesTheLookupPath_withoutTheNetwork() throws Exception {
        try (NetworkTrap dynamo = new NetworkTrap(); NetworkTrap secrets = new NetworkTrap()) {
            Env env = Env.of(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                    "AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint(),
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint(),
                    "WORKER_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:worker-key"));
            LookupFunction lookup = Env.hosting(env, LookupFunction::new);
            List<String> lines = new CopyOnWriteArrayList<>();
            Consumer<String> sink = lines::add;
            Log.addSink(sink);
            try {
                lookup.beforeCheckpoint(null);
            } finally {
                Log.removeSink(sink);
            }
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"primed\"")), String.join("\n", lines));
            assertTrue(lines.stream().noneMatch(l -> l.contains("priming_failed")), String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"route\":\"GET /api/telephony/lookup\"")
                    && l.contains("\"status\":200")), "a lookup that finds its agent: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"route\":\"GET /api/telephony/lookup\"")
                    && l.contains("\"status\":401")), "a refused lookup: " + lines);
            assertEquals(0, dynamo.connections(), "priming reached DynamoDB");
            assertEquals(0, secrets.connections(), "priming reached Secrets Manager");
        }
    }
}
