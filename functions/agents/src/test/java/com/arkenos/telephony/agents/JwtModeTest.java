package com.arkenos.telephony.agents;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.handlers.agents.CreateAgentHandler;
import com.arkenos.telephony.handlers.agents.ListAgentsHandler;
import com.arkenos.telephony.testing.Events;
import com.arkenos.telephony.testing.NetworkTrap;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A function deployed in JWT mode (AUTH_MODE unset or jwt) that receives a request without the authorizer's claims,
 * as it would if its route lost its authorizer, refuses it with 401 before reading anything, whatever x-user-id says.
 */
class JwtModeTest {
    @Test
    void aRequestWithoutClaims_is401_andReachesNothing() throws Exception {
        try (NetworkTrap dynamo = new NetworkTrap()) {
            for (String mode : new String[] {"jwt", ""}) {
                Env env = Env.of(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test",
                        "AWS_SECRET_ACCESS_KEY", "test", "AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint(),
                        "AUTH_MODE", mode));
                HttpResponse list = Env.hosting(env, ListAgentsHandler::new)
                        .handle(Events.asUser("user-a", "GET", "/api/agents", null));
                assertEquals(401, list.status(), list.body());
                assertTrue(list.body().contains("missing_token"), list.body());
                HttpResponse create = Env.hosting(env, CreateAgentHandler::new)
                        .handle(Events.asUser("user-a", "POST", "/api/agents", "{\"name\":\"A\"}"));
                assertEquals(401, create.status(), create.body());
            }
            assertEquals(0, dynamo.connections(), "nothing was read or written");
        }
    }
}
