package com.arkenos.telephony.wiring;

import com.arkenos.telephony.agents.AgentsService;
import com.arkenos.telephony.agents.NumberSids;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.core.auth.BearerTokens;
import com.arkenos.telephony.core.auth.WorkerKey;
import com.arkenos.telephony.core.aws.AwsClients;
import com.arkenos.telephony.core.aws.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * Builds the agents functions' collaborators from the environment, once per handler (a Lambda container builds one
 * handler). Handlers' no-arg constructors ask {@link #current()}; nothing below the handlers knows this class.
 */
public final class AgentsWiring {
    private final AgentsService agents;
    private final WorkerKey workerKey;
    private final BearerTokens bearerTokens;

    public AgentsWiring(Env env, DynamoDbClient dynamo, WorkerKey workerKey, Clock clock) {
        Tables tables = Tables.from(env);
        this.agents = new AgentsService(new AgentStore(dynamo, tables),
                new NumberSids(dynamo, tables.numbers()), clock);
        this.workerKey = workerKey;
        this.bearerTokens = BearerTokens.from(env);
    }

    /** The wiring of the function being built, from its environment ({@link Env#system()}). */
    public static AgentsWiring current() {
        Env env = Env.system();
        return new AgentsWiring(env, AwsClients.dynamo(env), WorkerKey.from(env), Clock.systemUTC());
    }

    public AgentsService agents() {
        return agents;
    }

    public WorkerKey workerKey() {
        return workerKey;
    }

    /** A user's token, checked in the function on the route the JWT authorizer cannot guard. */
    public BearerTokens bearerTokens() {
        return bearerTokens;
    }
}
