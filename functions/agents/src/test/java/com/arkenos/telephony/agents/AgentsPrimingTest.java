package com.arkenos.telephony.agents;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.handlers.agents.CreateAgentHandler;
import com.arkenos.telephony.handlers.agents.DeleteAgentHandler;
import com.arkenos.telephony.handlers.agents.GetAgentHandler;
import com.arkenos.telephony.handlers.agents.ListAgentsHandler;
import com.arkenos.telephony.handlers.agents.UpdateAgentHandler;
import com.arkenos.telephony.testing.NetworkTrap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SnapStart priming replays every agents route's tape before the snapshot without reaching DynamoDB. */
class AgentsPrimingTest {
    @Test
    void beforeCheckpoint_primesEveryRoute_withoutTheNetwork() throws Exception {
        try (NetworkTrap dynamo = new NetworkTrap()) {
            Env env = Env.of(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test",
                    "AWS_SECRET_ACCESS_KEY", "test", "AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint()));
            List<HttpFunction> handlers = List.of(Env.hosting(env, CreateAgentHandler::new),
                    Env.hosting(env, ListAgentsHandler::new), Env.hosting(env, GetAgentHandler::new),
                    Env.hosting(env, UpdateAgentHandler::new), Env.hosting(env, DeleteAgentHandler::new));
            for (HttpFunction agents : handlers) {
                List<String> lines = new CopyOnWriteArrayList<>();
                Consumer<String> sink = lines::add;
                Log.addSink(sink);
                try {
                    agents.beforeCheckpoint(null);
                } finally {
                    Log.removeSink(sink);
                }
                String all = String.join("\n", lines);
                assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"primed\"")
                        && l.contains(agents.getClass().getSimpleName())), all);
                assertTrue(lines.stream().noneMatch(l -> l.contains("priming_failed")), all);
                assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"priming_replayed\"")
                        && l.contains("\"faithful\":true")), "its tape replayed as recorded:\n" + all);
                for (String route : agents.routeKeys()) {
                    assertTrue(lines.stream().anyMatch(l -> l.contains("\"route\":\"" + route + "\"")
                            && l.matches(".*\"status\":20[014].*")), route + " primed with a success:\n" + all);
                }
            }
            assertEquals(0, dynamo.connections(), "priming reached DynamoDB");
        }
    }
}
