package com.arkenos.devkit.sfn;

import static com.arkenos.devkit.sfn.ProvisioningMachine.CONFIGURE;
import static com.arkenos.devkit.sfn.ProvisioningMachine.RECORD;
import static com.arkenos.devkit.sfn.ProvisioningMachine.RESERVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arkenos.devkit.sfn.ProvisioningMachine.PermanentProviderException;
import com.arkenos.devkit.sfn.ProvisioningMachine.TransientProviderException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/** The provisioning workflow driven through the AWS SDK's SfnClient, exactly as code would drive AWS Step Functions. */
class LocalStepFunctionsTest {
    /** Retry pauses of 2 s and 4 s (before jitter) become 10 ms and 20 ms. */
    private static final double TIME_SCALE = 0.005;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LambdaInvokeServer lambdas;
    private static LocalStepFunctions stepFunctions;
    private static SfnClient sfn;
    private static String machineArn;

    private final AtomicReference<JsonNode> recordedFailure = new AtomicReference<>();
    private String executionName;

    @BeforeAll
    static void startServices() {
        lambdas = LambdaInvokeServer.start();
        long start = System.nanoTime();
        stepFunctions = LocalStepFunctions.start(LocalStepFunctions.findStepFunctionsDir(),
                lambdas.endpoint().toString(), TIME_SCALE);
        System.out.printf("local Step Functions ready in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        sfn = SfnClient.builder()
                .endpointOverride(stepFunctions.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        machineArn = createMachine("provision-number", ProvisioningMachine.definition());
    }

    @AfterAll
    static void stopServices() {
        if (sfn != null) {
            sfn.close();
        }
        if (stepFunctions != null) {
            stepFunctions.close();
        }
        if (lambdas != null) {
            lambdas.close();
        }
    }

    @BeforeEach
    void registerWorkingFunctions(TestInfo test) {
        executionName = test.getTestMethod().orElseThrow().getName();
        lambdas.register(RESERVE, payload -> json("{\"sid\": \"PN-%s\"}"
                .formatted(read(payload).path("phoneNumber").asText())));
        lambdas.register(CONFIGURE, payload -> json("{\"trunkSid\": \"TK-%s\"}"
                .formatted(read(payload).at("/reservation/sid").asText())));
        lambdas.register(RECORD, payload -> {
            recordedFailure.set(read(payload));
            return json("{}");
        });
    }

    @Test
    void startExecution_allStepsSucceed_outputCarriesEachStepResult() throws Exception {
        DescribeExecutionResponse done = runToEnd(start("{\"phoneNumber\": \"+15550001111\"}"));

        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        JsonNode output = JSON.readTree(done.output());
        assertEquals("PN-+15550001111", output.at("/reservation/sid").asText());
        assertEquals("TK-PN-+15550001111", output.at("/trunk/trunkSid").asText());
        assertEquals(List.of(1, 1, 0),
                List.of(lambdas.invocations(RESERVE), lambdas.invocations(CONFIGURE), lambdas.invocations(RECORD)));
    }

    @Test
    void startExecution_transientFailureTwice_retriedUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        lambdas.register(RESERVE, payload -> {
            if (calls.incrementAndGet() <= 2) {
                throw new TransientProviderException("provider busy, attempt " + calls.get());
            }
            return json("{\"sid\": \"PN-late\"}");
        });

        StartExecutionResponse started = start("{\"phoneNumber\": \"+15550002222\"}");
        DescribeExecutionResponse done = runToEnd(started);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        assertEquals(3, lambdas.invocations(RESERVE));
        assertEquals(1, lambdas.invocations(CONFIGURE));
        assertEquals(0, lambdas.invocations(RECORD));
        List<HistoryEvent> failures = history(started).stream()
                .filter(e -> e.type() == HistoryEventType.LAMBDA_FUNCTION_FAILED).toList();
        assertEquals(2, failures.size());
        assertEquals(TransientProviderException.class.getName(),
                failures.get(0).lambdaFunctionFailedEventDetails().error());
    }

    @Test
    void startExecution_permanentFailure_caughtRecordedAndFailedWithTheErrorClass() {
        lambdas.register(RESERVE, payload -> {
            throw new PermanentProviderException("number +15550003333 is not available");
        });

        DescribeExecutionResponse done = runToEnd(start("{\"phoneNumber\": \"+15550003333\"}"));

        assertEquals(ExecutionStatus.FAILED, done.status());
        assertEquals(PermanentProviderException.class.getName(), done.error());
        assertTrue(done.cause().contains("number +15550003333 is not available"), done.cause());
        assertEquals(1, lambdas.invocations(RESERVE));
        assertEquals(0, lambdas.invocations(CONFIGURE));
        assertEquals(1, lambdas.invocations(RECORD));
        assertEquals(PermanentProviderException.class.getName(), recordedFailure.get().at("/failure/Error").asText());
        assertEquals("+15550003333", recordedFailure.get().path("phoneNumber").asText());
    }

    @Test
    void startExecution_sameNameAndInput_returnsTheSameExecutionAndRunsOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        lambdas.register(RESERVE, payload -> {
            assertTrue(release.await(10, TimeUnit.SECONDS));
            return json("{\"sid\": \"PN-once\"}");
        });
        String input = "{\"phoneNumber\": \"+15550004444\"}";

        StartExecutionResponse first = start(input);
        StartExecutionResponse whileRunning = start(input);
        assertThrows(ExecutionAlreadyExistsException.class, () -> start("{\"phoneNumber\": \"+15550009999\"}"));
        release.countDown();
        DescribeExecutionResponse done = runToEnd(first);
        StartExecutionResponse afterEnd = start(input);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        assertEquals(first.executionArn(), whileRunning.executionArn());
        assertEquals(first.startDate(), whileRunning.startDate());
        assertEquals(first.executionArn(), afterEnd.executionArn());
        assertEquals(first.startDate(), afterEnd.startDate());
        assertEquals(1, lambdas.invocations(RESERVE));
        assertEquals(1, sfn.listExecutions(r -> r.stateMachineArn(machineArn)).executions().stream()
                .filter(e -> e.name().equals(executionName)).count());
    }

    @Test
    void getExecutionHistory_successPath_reportsAwsEventTypesAndStateTransitions() throws Exception {
        StartExecutionResponse started = start("{\"phoneNumber\": \"+15550005555\"}");
        runToEnd(started);

        List<HistoryEventType> lambdaStep = List.of(HistoryEventType.TASK_STATE_ENTERED,
                HistoryEventType.LAMBDA_FUNCTION_SCHEDULED, HistoryEventType.LAMBDA_FUNCTION_STARTED,
                HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED, HistoryEventType.TASK_STATE_EXITED);
        List<HistoryEventType> expected = new ArrayList<>();
        expected.add(HistoryEventType.EXECUTION_STARTED);
        expected.addAll(lambdaStep);
        expected.addAll(lambdaStep);
        expected.add(HistoryEventType.EXECUTION_SUCCEEDED);
        List<HistoryEvent> events = history(started);
        assertEquals(expected, events.stream().map(HistoryEvent::type).toList());
        assertEquals(List.of("ReserveNumber", "ConfigureTrunk"), events.stream()
                .filter(e -> e.type() == HistoryEventType.TASK_STATE_ENTERED)
                .map(e -> e.stateEnteredEventDetails().name()).toList());
        assertEquals(ProvisioningMachine.functionArn(RESERVE),
                events.get(2).lambdaFunctionScheduledEventDetails().resource());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).id());
        }
        assertEquals(2, wire("DescribeExecution", started).path("stateTransitions").asInt());
        assertEquals(2, wire("GetExecutionHistory", started).path("stateTransitions").asInt());
    }

    @Test
    void describeExecution_retriesExhausted_caughtAndCountsEnteredStatesNotRetries() throws Exception {
        lambdas.register(RESERVE, payload -> {
            throw new TransientProviderException("provider busy");
        });

        StartExecutionResponse started = start("{\"phoneNumber\": \"+15550006666\"}");
        DescribeExecutionResponse done = runToEnd(started);

        // 1 attempt + MaxAttempts 3 retries; then the Catch applies.
        assertEquals(4, lambdas.invocations(RESERVE));
        assertEquals(TransientProviderException.class.getName(), done.error());
        // ReserveNumber, RecordFailure, ProvisioningFailed
        assertEquals(3, wire("DescribeExecution", started).path("stateTransitions").asInt());
    }

    @Test
    void stopExecution_running_abortedWithTheGivenErrorAndCause() throws Exception {
        CountDownLatch invoked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        lambdas.register(RESERVE, payload -> {
            invoked.countDown();
            release.await(10, TimeUnit.SECONDS);
            return json("{\"sid\": \"PN-too-late\"}");
        });
        StartExecutionResponse started = start("{\"phoneNumber\": \"+15550007777\"}");
        assertTrue(invoked.await(10, TimeUnit.SECONDS));

        sfn.stopExecution(r -> r.executionArn(started.executionArn()).error("Operator.Cancelled")
                .cause("agent deleted"));
        release.countDown();
        DescribeExecutionResponse stopped = runToEnd(started);
        // The reservation call still completes; an execution that went on would call ConfigureTrunk within
        // milliseconds.
        sleep(300);

        assertEquals(ExecutionStatus.ABORTED, stopped.status());
        assertEquals("Operator.Cancelled", stopped.error());
        List<HistoryEvent> events = history(started);
        HistoryEvent last = events.get(events.size() - 1);
        assertEquals(HistoryEventType.EXECUTION_ABORTED, last.type());
        assertEquals("agent deleted", last.executionAbortedEventDetails().cause());
        assertEquals(0, lambdas.invocations(CONFIGURE));
    }

    @Test
    void waitState_secondsScaledByTheTimeScale() {
        String waiting = createMachine("wait-then-pass", """
                {"StartAt": "Hold", "States": {
                  "Hold": {"Type": "Wait", "Seconds": 20, "Next": "Done"},
                  "Done": {"Type": "Pass", "End": true}}}""");
        StartExecutionResponse started = sfn.startExecution(r -> r.stateMachineArn(waiting).name(executionName));
        runToEnd(started);

        List<HistoryEvent> events = history(started);
        HistoryEvent entered = events.stream().filter(e -> e.type() == HistoryEventType.WAIT_STATE_ENTERED)
                .findFirst().orElseThrow();
        HistoryEvent exited = events.stream().filter(e -> e.type() == HistoryEventType.WAIT_STATE_EXITED)
                .findFirst().orElseThrow();
        long waitedMillis = Duration.between(entered.timestamp(), exited.timestamp()).toMillis();
        // 20 s x 0.005 = 100 ms; setTimeout may fire a millisecond early, and a busy machine makes it late.
        assertTrue(waitedMillis >= 95 && waitedMillis < 5_000, "waited " + waitedMillis + " ms");
    }

    @Test
    void createStateMachine_sameNameAndDefinition_returnsTheSameArn() {
        assertEquals(machineArn, createMachine("provision-number", ProvisioningMachine.definition()));
        assertTrue(sfn.listStateMachines().stateMachines().stream()
                .anyMatch(m -> m.stateMachineArn().equals(machineArn)));
        assertEquals(ProvisioningMachine.definition(),
                sfn.describeStateMachine(r -> r.stateMachineArn(machineArn)).definition());
    }

    @Test
    void apiErrors_haveTheAwsExceptionTypes() {
        assertThrows(InvalidNameException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(machineArn).name("not/a valid name")));
        assertThrows(StateMachineDoesNotExistException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(machineArn.replace("provision-number", "nope"))));
        assertThrows(ExecutionDoesNotExistException.class,
                () -> sfn.describeExecution(
                        r -> r.executionArn(machineArn.replace(":stateMachine:", ":execution:") + ":nope")));
        assertThrows(InvalidDefinitionException.class,
                () -> createMachine("broken", "{\"StartAt\": \"Missing\", \"States\": {}}"));
        assertThrows(InvalidDefinitionException.class,
                () -> createMachine("unsubstituted", ProvisioningMachine.template()));
        assertThrows(InvalidExecutionInputException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(machineArn).input("{not json")));
    }

    private static String createMachine(String name, String definition) {
        return sfn.createStateMachine(r -> r.name(name).definition(definition)
                .roleArn("arn:aws:iam::000000000000:role/provisioning")).stateMachineArn();
    }

    private StartExecutionResponse start(String input) {
        return sfn.startExecution(r -> r.stateMachineArn(machineArn).name(executionName).input(input));
    }

    private static DescribeExecutionResponse runToEnd(StartExecutionResponse started) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(started.executionArn()));
            if (execution.status() != ExecutionStatus.RUNNING) {
                return execution;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still running after 10 s: " + started.executionArn());
            }
            sleep(5);
        }
    }

    private static List<HistoryEvent> history(StartExecutionResponse started) {
        return sfn.getExecutionHistory(r -> r.executionArn(started.executionArn())).events();
    }

    /** A raw protocol call, for the members the SDK model does not have (stateTransitions). */
    private static JsonNode wire(String operation, StartExecutionResponse started) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stepFunctions.endpoint() + "/"))
                .header("X-Amz-Target", "AWSStepFunctions." + operation)
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.createObjectNode().put("executionArn", started.executionArn()).toString()))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode read(byte[] payload) throws IOException {
        return JSON.readTree(payload);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
