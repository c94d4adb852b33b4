package com.arkenos.localstack.provisioning;

import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.devkit.twilio.SandboxNumber;
import com.arkenos.devkit.twilio.SandboxTrunk;
import com.arkenos.devkit.twilio.TwilioSandbox;
import com.arkenos.localstack.docker.RequiresDocker;
import com.arkenos.localstack.localstack.SharedLocalStack;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.numbers.NumberStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.testcontainers.Testcontainers;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.waiters.LambdaWaiter;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One provisioning execution end to end on LocalStack: the state machine from statemachines/provision-number.asl.json
 * with template.yaml's DefinitionSubstitutions, its Task functions deployed to LocalStack's Lambda from the built
 * package with the template's handlers and environment, DynamoDB and Secrets Manager in LocalStack, and Twilio and
 * LiveKit answered by the devkit sandboxes running in this JVM.
 *
 * <p>The number is set up as the buy flow leaves it (bought at Twilio, claimed for its agent, PROVISIONING, owned by
 * the execution's name); the test then checks what provisioning promises: the execution succeeds, the number is
 * ACTIVE, and the providers hold the routing (the number on the one shared Twilio trunk, on LiveKit's inbound and
 * outbound trunks, with a dispatch rule).
 */
@RequiresDocker
class ProvisionNumberOnLocalStackTest {
    private static final String MACHINE = "ProvisionNumberStateMachine";
    /** Generous: the first Task also pulls the Java 21 Lambda image, and each function cold-starts once. */
    private static final Duration EXECUTION_DEADLINE = Duration.ofMinutes(10);
    private static final String ALIAS = "live";

    @Test
    void provisionExecution_routesABoughtNumberToItsAgent_andMarksItActive() throws Exception {
        SamTemplate template = SamTemplate.find();
        StateMachineDeployment deployment = new StateMachineDeployment(template, MACHINE);
        List<String> missing = deployment.missingHandlers(getClass().getClassLoader());
        assumeTrue(missing.isEmpty(), "the provisioning step handlers named in template.yaml are not in the"
                + " telephony module yet: " + missing);
        Path jar = deployment.codePackage();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build it with -am (mvn -Plocalstack verify"
                + " -pl local/localstack-tests -am) or mvn package -pl functions/telephony");
        assertEquals(List.of(), deployment.handlersMissingFrom(jar), jar + " is stale: it lacks handler classes");

        String run = UUID.randomUUID().toString().substring(0, 8);
        try (TwilioSandbox twilio = TwilioSandbox.start(0);
             LiveKitSandbox livekit = LiveKitSandbox.start(0);
             LambdaClient lambda = SharedLocalStack.lambda();
             SfnClient sfn = SharedLocalStack.stepFunctions();
             SecretsManagerClient secrets = SharedLocalStack.secrets();
             S3Client s3 = SharedLocalStack.s3()) {
            DynamoDbClient dynamo = SharedLocalStack.dynamo();
            // The functions run in containers beside LocalStack: tunnel the sandboxes' loopback ports to them.
            Testcontainers.exposeHostPorts(twilio.port(), livekit.port());
            String host = SharedLocalStack.hostAddressForLambdas();

            TemplateValues values = new TemplateValues(template);
            template.tables().forEach(t -> values.put(t.logicalId(), t.logicalId()));
            values.put("TwilioSecretArn", secret(secrets, "twilio-" + run, Json.object()
                    .put("account_sid", twilio.accountSid())
                    .put("auth_token", twilio.authToken())));
            values.put("LiveKitSecretArn", secret(secrets, "livekit-" + run, Json.object()
                    .put("url", "http://" + host + ":" + livekit.port())
                    .put("api_key", livekit.apiKey())
                    .put("api_secret", livekit.apiSecret())
                    // a self-hosted LiveKit has no derivable SIP host (LiveKitCredentials.deriveSipUri)
                    .put("sip_uri", "arkenos-localstack.sip.livekit.cloud")));
            values.put("TerminationSecret", secret(secrets, "termination-" + run, Json.object()
                    .put("username", "arkenos-lk")
                    .put("password", UUID.randomUUID().toString().replace("-", ""))));
            // What the template cannot say because it is about this test's surroundings. Every AWS client in the
            // functions goes to LocalStack (AwsClients and Providers read the service-specific variables; the SDK
            // honours the general one), and Providers points the Twilio SDK at the sandbox instead of twilio.com.
            String aws = SharedLocalStack.addressForLambdas();
            Map<String, String> reach = Map.of("AWS_ENDPOINT_URL", aws, "AWS_ENDPOINT_URL_DYNAMODB", aws,
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER", aws,
                    "TWILIO_API_BASE_URL", "http://" + host + ":" + twilio.port());

            Map<String, String> aliasArns = deployFunctions(template, deployment, values, reach, jar, run, lambda, s3);
            String machineArn = sfn.createStateMachine(b -> b.name(MACHINE + "-" + run)
                    .type(StateMachineType.STANDARD)
                    .definition(deployment.definition(aliasArns))
                    .roleArn("arn:aws:iam::" + SharedLocalStack.account() + ":role/states-" + run)).stateMachineArn();

            // The number as the buy flow leaves it.
            JsonNode bought = SandboxSeeds.buyNumber(twilio);
            String phone = bought.path("phone_number").asText();
            String owner = "owner-" + run;
            String execution = "provision-" + phone.substring(1) + "-1-" + run;
            AgentStore agents = new AgentStore(dynamo, "AgentsTable", "NumbersTable");
            NumberStore numbers = new NumberStore(dynamo, "NumbersTable", "AgentsTable");
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            agents.create(new Agent("ag-" + run, owner, "Reception", true, Json.object(), null, now, now, 1));
            NumberRecord claimed = new NumberRecord(phone, owner, "ag-" + run, bought.path("sid").asText(),
                    NumberStatus.PROVISIONING, "buy", "provision", 1, execution, null, Map.of(), null, now, now, 1);
            numbers.claim(claimed);

            String executionArn = sfn.startExecution(b -> b.stateMachineArn(machineArn).name(execution)
                    .input(Json.object().put("phone_number", phone).put("execution", execution)
                            .put("operation", "provision").toString())).executionArn();
            DescribeExecutionResponse done = awaitEnd(sfn, executionArn);

            assertEquals(ExecutionStatus.SUCCEEDED, done.status(), () -> "execution " + done.status() + "\n"
                    + history(sfn, executionArn) + "\nnumber: " + numbers.find(phone).orElse(null));

            NumberRecord after = numbers.find(phone).orElseThrow();
            assertEquals(NumberStatus.ACTIVE, after.status(), after::toString);
            assertEquals(execution, after.execution());
            assertNull(after.lastError(), after::toString);
            assertEquals(phone, agents.get(owner, "ag-" + run).phoneNumber());

            SandboxNumber atTwilio = twilio.ownedNumber(phone).orElseThrow();
            assertEquals(1, twilio.trunks().size(), "one shared Twilio trunk: " + twilio.trunks());
            SandboxTrunk trunk = twilio.trunks().get(0);
            assertEquals(trunk.sid(), atTwilio.trunkSid(), "the number is on the shared trunk");
            assertTrue(trunk.phoneNumberSids().contains(atTwilio.sid()));
            assertFalse(trunk.originationUrls().isEmpty(), "the trunk sends calls to LiveKit");
            assertFalse(trunk.credentialListSids().isEmpty(), "termination credentials are linked");
            assertTrue(livekit.inboundTrunks().stream().anyMatch(t -> t.getNumbersList().contains(phone)),
                    "the number is on LiveKit's inbound trunk: " + livekit.inboundTrunks());
            assertTrue(livekit.outboundTrunks().stream().anyMatch(t -> t.getNumbersList().contains(phone)),
                    "the number is on LiveKit's outbound trunk: " + livekit.outboundTrunks());
            assertFalse(livekit.dispatchRules().isEmpty(), "a dispatch rule sends callers to the agent");
            assertTrue(dynamo.scan(b -> b.tableName("SipInfraTable")).count() > 0,
                    "the shared SIP infrastructure is recorded in DynamoDB");
        }
    }

    /** Deploys each Task function as template.yaml describes it, publishes a version and the alias the ASL calls. */
    private static Map<String, String> deployFunctions(SamTemplate template, StateMachineDeployment deployment,
                                                       TemplateValues values, Map<String, String> reach, Path jar,
                                                       String run, LambdaClient lambda, S3Client s3) {
        // Through S3: one upload of the ~40 MB package instead of one per function, and no request-size limit.
        String bucket = "arkenos-code-" + run;
        String key = jar.getFileName().toString();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(jar));

        Map<String, String> names = new LinkedHashMap<>();
        for (SamTemplate.FunctionDef f : deployment.taskFunctions()) {
            String name = f.logicalId() + "-" + run;
            Map<String, String> env = new LinkedHashMap<>(values.environment(f));
            env.putAll(reach);
            lambda.createFunction(b -> b.functionName(name)
                    .runtime(Runtime.JAVA21)
                    .handler(f.handlerClass() + "::" + f.handlerMethod())
                    .role("arn:aws:iam::" + SharedLocalStack.account() + ":role/lambda-" + run)
                    .code(c -> c.s3Bucket(bucket).s3Key(key))
                    .timeout(f.timeoutSeconds())
                    .memorySize(SamTemplateRaw.memorySize(template, f.logicalId()))
                    .environment(e -> e.variables(env)));
            names.put(f.logicalId(), name);
        }
        Map<String, String> aliasArns = new LinkedHashMap<>();
        try (LambdaWaiter waiter = lambda.waiter()) {
            names.forEach((id, name) -> {
                // Pending until LocalStack has the runtime image; only an active function can publish a version.
                waiter.waitUntilFunctionActiveV2(b -> b.functionName(name));
                String version = lambda.publishVersion(b -> b.functionName(name)).version();
                aliasArns.put(id, lambda.createAlias(b -> b.functionName(name).name(ALIAS).functionVersion(version))
                        .aliasArn());
            });
        }
        return aliasArns;
    }

    private static String secret(SecretsManagerClient secrets, String name, JsonNode value) {
        return secrets.createSecret(b -> b.name("arkenos/localstack-test/" + name).secretString(value.toString()))
                .arn();
    }

    private static DescribeExecutionResponse awaitEnd(SfnClient sfn, String executionArn) throws InterruptedException {
        Instant deadline = Instant.now().plus(EXECUTION_DEADLINE);
        while (true) {
            DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(executionArn));
            if (d.status() != ExecutionStatus.RUNNING) {
                return d;
            }
            if (Instant.now().isAfter(deadline)) {
                sfn.stopExecution(b -> b.executionArn(executionArn).error("TestDeadline"));
                fail("still RUNNING after " + EXECUTION_DEADLINE + "\n" + history(sfn, executionArn));
            }
            Thread.sleep(2_000);
        }
    }

    /** The execution's events, with the failures' error and cause, for the assertion message. */
    private static String history(SfnClient sfn, String executionArn) {
        StringBuilder b = new StringBuilder("history of ").append(executionArn).append(':');
        for (HistoryEvent e : sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn)).events()) {
            b.append("\n  ").append(e.id()).append(' ').append(e.typeAsString());
            if (e.stateEnteredEventDetails() != null) {
                b.append(' ').append(e.stateEnteredEventDetails().name());
            }
            if (e.taskFailedEventDetails() != null) {
                b.append(' ').append(e.taskFailedEventDetails().error()).append(": ")
                        .append(e.taskFailedEventDetails().cause());
            }
            if (e.lambdaFunctionFailedEventDetails() != null) {
                b.append(' ').append(e.lambdaFunctionFailedEventDetails().error()).append(": ")
                        .append(e.lambdaFunctionFailedEventDetails().cause());
            }
            if (e.executionFailedEventDetails() != null) {
                b.append(' ').append(e.executionFailedEventDetails().error()).append(": ")
                        .append(e.executionFailedEventDetails().cause());
            }
        }
        return b.toString();
    }
}
