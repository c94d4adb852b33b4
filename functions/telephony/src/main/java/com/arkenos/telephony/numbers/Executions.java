package com.arkenos.telephony.numbers;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.aws.AwsClients;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

import java.util.Optional;

/**
 * Starts and inspects the numbers' state machine executions through the Step Functions API (the local engine
 * speaks the same API). Execution names are deterministic per number, operation and attempt, so starting twice
 * is harmless: Step Functions answers the running execution for the same name and input.
 */
public final class Executions {
    private final Env env;
    private final String provisionArn;
    private final String releaseArn;
    private volatile SfnClient sfn;

    private Executions(Env env) {
        this.env = env;
        this.provisionArn = env.getOrDefault("PROVISION_STATE_MACHINE_ARN", "");
        this.releaseArn = env.getOrDefault("RELEASE_STATE_MACHINE_ARN", "");
    }

    /**
     * The executions of {@code env}'s state machines. The client is built on first use: most functions that hold
     * one (the sweep, the number reads beside buy) start or inspect an execution on few of their requests, and
     * building it costs a cold start some tens of milliseconds of class loading.
     */
    public static Executions from(Env env) {
        return new Executions(env);
    }

    private SfnClient sfn() {
        SfnClient c = sfn;
        if (c == null) {
            synchronized (this) {
                if (sfn == null) {
                    sfn = AwsClients.build(SfnClient.builder(), env, "AWS_ENDPOINT_URL_SFN");
                }
                c = sfn;
            }
        }
        return c;
    }

    /**
     * The execution name of a number's attempt. The record's creation time is part of it because Step Functions
     * keeps names for 90 days: a number whose record was removed and made again must not collide with its past.
     */
    public static String name(String operation, String phone, int attempt, java.time.Instant recordCreated) {
        return operation + "-" + phone.substring(1) + "-" + attempt + "-"
                + Long.toString(recordCreated.toEpochMilli(), 36);
    }

    /**
     * The execution's input. A provisioning names the shared route it may skip the Ensure steps with (verified
     * false when there is none); a release acts on the records and carries none.
     */
    public static String input(String phone, String execution, String operation, Optional<SharedRoute> route) {
        ObjectNode in = Json.object().put("phone_number", phone).put("execution", execution)
                .put("operation", operation);
        if (!operation.equals("release")) {
            in.set(SharedRoute.FIELD, SharedRoute.toJson(route));
        }
        return in.toString();
    }

    /**
     * The ARN the execution named {@code execution} has (or will have) once started: Step Functions makes it from the
     * state machine's ARN and the name, so a record can name it before the start, in the write that names the
     * execution. Null when the state machine is not configured (starting it fails then).
     */
    public String arn(String operation, String execution) {
        String machine = operation.equals("release") ? releaseArn : provisionArn;
        return machine.isEmpty() ? null : machine.replace(":stateMachine:", ":execution:") + ":" + execution;
    }

    private String machine(String operation) {
        String machine = operation.equals("release") ? releaseArn : provisionArn;
        if (machine.isEmpty()) {
            throw new IllegalStateException("the " + operation + " state machine ARN is not configured");
        }
        return machine;
    }

    /** Starts (or finds) the execution; returns its ARN. */
    public String start(String operation, String phone, String execution, Optional<SharedRoute> route) {
        String machine = machine(operation);
        try {
            return sfn().startExecution(b -> b.stateMachineArn(machine).name(execution)
                    .input(input(phone, execution, operation, route))).executionArn();
        } catch (ExecutionAlreadyExistsException e) {
            return arn(operation, execution);
        }
    }

    /** RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED; empty when Step Functions does not know it. */
    public Optional<String> status(String executionArn) {
        try {
            return Optional.of(sfn().describeExecution(b -> b.executionArn(executionArn)).statusAsString());
        } catch (ExecutionDoesNotExistException e) {
            return Optional.empty();
        }
    }
}
