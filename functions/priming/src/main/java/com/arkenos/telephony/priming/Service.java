package com.arkenos.telephony.priming;

/**
 * The services a function talks to, each by the one environment variable that points its client somewhere else. A
 * priming tape records each service's answers apart, and a replay serves each from a stand-in of its own, so a tape
 * holds no endpoint and no wire format is written down twice: the answers are whatever the sandboxes sent.
 */
public enum Service {
    DYNAMODB("AWS_ENDPOINT_URL_DYNAMODB"),
    STEP_FUNCTIONS("AWS_ENDPOINT_URL_SFN"),
    LAMBDA("AWS_ENDPOINT_URL_LAMBDA"),
    SECRETS_MANAGER("AWS_ENDPOINT_URL_SECRETS_MANAGER"),
    TWILIO("TWILIO_API_BASE_URL"),
    LIVEKIT("LIVEKIT_URL");

    private final String endpointVariable;

    Service(String endpointVariable) {
        this.endpointVariable = endpointVariable;
    }

    /** The variable that holds this service's endpoint in a function's environment. */
    public String endpointVariable() {
        return endpointVariable;
    }
}
