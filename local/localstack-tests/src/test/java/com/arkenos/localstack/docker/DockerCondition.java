package com.arkenos.localstack.docker;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables each test of a {@link RequiresDocker} class where no Docker engine is reachable.
 *
 * <p>The condition answers per test method, not per class, so that every test is reported as skipped with the
 * reason (a disabled class shows up as one anonymous skip). That is safe only because nothing in these classes
 * touches Docker before a test method runs: containers are started lazily by the tests' fixtures, never in
 * {@code @BeforeAll} or static initialisers.
 */
public final class DockerCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("decided per test");
        }
        DockerProbe.Result docker = DockerProbe.result();
        if (docker.available()) {
            return ConditionEvaluationResult.enabled(docker.detail());
        }
        return ConditionEvaluationResult.disabled("Docker engine missing: " + docker.detail()
                + ". This test runs LocalStack in Docker through Testcontainers; run it where Docker runs, with"
                + " mvn -Plocalstack verify -pl local/localstack-tests -am");
    }
}
