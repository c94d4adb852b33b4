package com.arkenos.devkit.sfn;

import java.util.Map;

/**
 * A small provisioning workflow in the shape the project's state machines take: two Lambda Tasks, a Retry on a
 * transient provider error with backoff and full jitter, and a Catch that records the failure before failing with the
 * original error.
 */
final class ProvisioningMachine {
    static final String RESERVE = "reserve-number";
    static final String CONFIGURE = "configure-trunk";
    static final String RECORD = "record-failure";

    /** Thrown by a provider call that may succeed when repeated. */
    static final class TransientProviderException extends RuntimeException {
        TransientProviderException(String message) {
            super(message);
        }
    }

    /** Thrown by a provider call that will fail however often it is repeated. */
    static final class PermanentProviderException extends RuntimeException {
        PermanentProviderException(String message) {
            super(message);
        }
    }

    private ProvisioningMachine() {
    }

    /** The definition as it is kept in the repository: SAM substitutions instead of ARNs. */
    static String template() {
        return """
                {
                  "Comment": "Reserve a number, then configure its trunk; a failure is recorded, then fails the \
                execution",
                  "StartAt": "ReserveNumber",
                  "States": {
                    "ReserveNumber": {
                      "Type": "Task",
                      "Resource": "${ReserveNumberFnArn}",
                      "ResultPath": "$.reservation",
                      "Retry": [{
                        "ErrorEquals": ["${TransientErrorName}"],
                        "IntervalSeconds": 2,
                        "MaxAttempts": 3,
                        "BackoffRate": 2.0,
                        "MaxDelaySeconds": 10,
                        "JitterStrategy": "FULL"
                      }],
                      "Catch": [{ "ErrorEquals": ["States.ALL"], "ResultPath": "$.failure", "Next": "RecordFailure" }],
                      "Next": "ConfigureTrunk"
                    },
                    "ConfigureTrunk": {
                      "Type": "Task",
                      "Resource": "${ConfigureTrunkFnArn}",
                      "ResultPath": "$.trunk",
                      "End": true
                    },
                    "RecordFailure": {
                      "Type": "Task",
                      "Resource": "${RecordFailureFnArn}",
                      "ResultPath": null,
                      "Next": "ProvisioningFailed"
                    },
                    "ProvisioningFailed": {
                      "Type": "Fail",
                      "ErrorPath": "$.failure.Error",
                      "CausePath": "$.failure.Cause"
                    }
                  }
                }
                """;
    }

    /** The definition as deployed: substitutions replaced, as SAM would. */
    static String definition() {
        String definition = template();
        for (Map.Entry<String, String> s : Map.of(
                "ReserveNumberFnArn", functionArn(RESERVE),
                "ConfigureTrunkFnArn", functionArn(CONFIGURE),
                "RecordFailureFnArn", functionArn(RECORD),
                "TransientErrorName", TransientProviderException.class.getName()).entrySet()) {
            definition = definition.replace("${" + s.getKey() + "}", s.getValue());
        }
        return definition;
    }

    static String functionArn(String name) {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + name;
    }
}
