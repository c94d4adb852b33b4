package com.arkenos.telephony.lookup;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.testing.NetworkTrap;
import com.arkenos.telephony.core.snapstart.Primer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lookup jar carries no primer and no stand-in: before the snapshot the lookup preloads the classes its request
 * path loads (its jar's class list) and primes what needs no storage (an unknown route through its handler, the TLS
 * stack, the Secrets Manager client built), and reaches nothing; the worker key itself is read when the function is
 * built.
 */
class LookupPrimingTest {
    @Test
    void beforeCheckpoint_primesWhatNeedsNoStorage_withoutTheNetwork() throws Exception {
        try (NetworkTrap dynamo = new NetworkTrap(); NetworkTrap secrets = new NetworkTrap()) {
            Env env = Env.of(Map.of("AWS_REGION", "us-east-1",
                    "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                    "AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint(),
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint(),
                    "WORKER_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:worker-key"));
            LookupFunction lookup = Env.hosting(env, LookupFunction::new);
            // The worker key is read at init (issue 17: never on a live call's request path); the trap refuses it,
            // which the first request would make up for. Priming itself reaches nothing.
            int atInit = secrets.connections();
            assertTrue(atInit > 0, "the worker key is read at init");
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
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"route\":\"GET /priming/not-a-route\"")
                    && l.contains("\"status\":404")), "the warm-up request: " + lines);
            assertTrue(ServiceLoader.load(Primer.class).stream().findAny().isEmpty(), "the lookup has no primer");
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"preloaded\"")
                    && l.matches(".*\"classes\":[1-9][0-9]{3,}.*")), "its request path's classes preloaded: " + lines);
            assertEquals(0, dynamo.connections(), "priming reached DynamoDB");
            assertEquals(atInit, secrets.connections(), "priming reached Secrets Manager");
        }
    }
}
