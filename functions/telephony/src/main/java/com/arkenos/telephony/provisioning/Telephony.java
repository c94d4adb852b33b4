package com.arkenos.telephony.provisioning;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.core.aws.AwsClients;
import com.arkenos.telephony.core.aws.Tables;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.providers.Providers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The collaborators of the telephony functions, wired from the environment once per container. Gateways are built
 * on first use, so a request that fails validation never pays for a Twilio or LiveKit client.
 */
public final class Telephony {
    private final Env env;
    private final DynamoDbClient dynamo;
    private final Tables tables;
    private final AgentStore agents;
    private final NumberStore numbers;
    private final InfraStore infraStore;
    private final Providers providers;
    private volatile SipInfrastructure infrastructure;

    public Telephony(Env env) {
        this(env, new Providers(env));
    }

    public Telephony(Env env, Providers providers) {
        this(env, AwsClients.dynamo(env), providers);
    }

    /** With its own DynamoDB client (SnapStart priming wires a copy to a stand-in this way). */
    public Telephony(Env env, DynamoDbClient dynamo, Providers providers) {
        this.env = env;
        this.dynamo = dynamo;
        this.tables = Tables.from(env);
        this.agents = new AgentStore(dynamo, tables.agents());
        this.numbers = new NumberStore(dynamo, tables.numbers(), tables.agents());
        this.infraStore = new InfraStore(dynamo, tables.infra());
        this.providers = providers;
    }

    public Env env() {
        return env;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public Tables tables() {
        return tables;
    }

    public AgentStore agents() {
        return agents;
    }

    public NumberStore numbers() {
        return numbers;
    }

    public Providers providers() {
        return providers;
    }

    public SipInfrastructure infrastructure() {
        SipInfrastructure i = infrastructure;
        if (i == null) {
            synchronized (this) {
                if (infrastructure == null) {
                    infrastructure = new SipInfrastructure(infraStore, providers::twilio, providers::livekit,
                            SipSettings.from(env, providers.liveKitCredentials().sipUri(),
                                    providers.twilioCredentials().accountSid()), numbers::activeNumbers);
                }
                i = infrastructure;
            }
        }
        return i;
    }

    public InfraStore infraStore() {
        return infraStore;
    }
}
