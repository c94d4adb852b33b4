package com.arkenos.bench;

import java.util.Locale;
import java.util.Map;

/**
 * What an operation costs on AWS, from what the calls bench counted for it: Lambda invocations and billed
 * milliseconds per function (at the template's memory size), DynamoDB request units (the answers' consumed
 * capacity), state transitions, and HTTP API requests. Prices are AWS's public list prices for us-east-1 after
 * the free tiers, as published on aws.amazon.com/&lt;service&gt;/pricing (DynamoDB's on-demand prices after the
 * November 2024 cut); they are named in {@link #PRICES} and printed beside every figure.
 *
 * <p>The local stack answers from loopback, so the time a function waits on a real network is added from named
 * round-trip assumptions; the time the dial function waits while the phone rings is the scenario's ringing time.
 * Left out, and said so where printed: CloudWatch Logs and X-Ray, data transfer, Secrets Manager API calls (made per
 * container, not per operation) and the providers' own bills (Twilio, LiveKit).
 */
final class CostModel {
    // us-east-1 list prices (USD)
    static final double LAMBDA_REQUEST = 0.20 / 1e6;
    /** Per GB-second on arm64, the template's architecture (x86_64: 0.0000166667). */
    static final double LAMBDA_GB_SECOND_ARM = 0.0000133334;
    static final double SFN_STANDARD_TRANSITION = 0.025 / 1000;
    static final double DYNAMODB_WRITE_UNIT = 0.625 / 1e6;
    static final double DYNAMODB_READ_UNIT = 0.125 / 1e6;
    static final double HTTP_API_REQUEST = 1.00 / 1e6;
    static final double SECRET_MONTH = 0.40;

    // assumed network round trips from a function in us-east-1 (the local stack's are on loopback)
    static final double DYNAMODB_ROUND_TRIP_MS = 5;
    static final double TWILIO_ROUND_TRIP_MS = 150;
    static final double LIVEKIT_ROUND_TRIP_MS = 60;
    static final double AWS_API_ROUND_TRIP_MS = 20;

    static final String PRICES = "us-east-1 list prices: Lambda $0.20 per 1M requests, $0.0000133334 per GB-s"
            + " (arm64); Step Functions Standard $0.025 per 1,000 state transitions; DynamoDB on-demand $0.625 per 1M"
            + " write units, $0.125 per 1M read units; HTTP API $1.00 per 1M requests; Secrets Manager $0.40 per"
            + " secret-month. Assumed round trips: DynamoDB 5 ms, other AWS APIs 20 ms, Twilio 150 ms, LiveKit 60 ms";

    /** One operation's AWS cost, by service. */
    record Bill(double lambda, double dynamodb, double stepFunctions, double httpApi) {
        double total() {
            return lambda + dynamodb + stepFunctions + httpApi;
        }

        Bill times(double n) {
            return new Bill(lambda * n, dynamodb * n, stepFunctions * n, httpApi * n);
        }

        Bill plus(Bill o) {
            return new Bill(lambda + o.lambda, dynamodb + o.dynamodb, stepFunctions + o.stepFunctions,
                    httpApi + o.httpApi);
        }

        String breakdown() {
            return String.format(Locale.ROOT, "Lambda %s, DynamoDB %s, Step Functions %s, HTTP API %s",
                    usd(lambda), usd(dynamodb), usd(stepFunctions), usd(httpApi));
        }
    }

    private final Map<String, Integer> memoryMb;
    private final java.util.Set<String> routedFunctions;

    /**
     * @param memoryMb        each function's memory size in the template
     * @param routedFunctions the functions behind HTTP API routes (each of their invocations is one API request)
     */
    CostModel(Map<String, Integer> memoryMb, java.util.Set<String> routedFunctions) {
        this.memoryMb = Map.copyOf(memoryMb);
        this.routedFunctions = java.util.Set.copyOf(routedFunctions);
    }

    /**
     * The bill of one counted operation; {@code waitingFunction} (or null) also waits {@code waitSeconds} beyond
     * what was counted (the dial step while the phone rings).
     */
    Bill bill(CallsBench.Cost c, String waitingFunction, double waitSeconds) {
        double gbSeconds = 0;
        long invocations = 0;
        long apiRequests = 0;
        for (Map.Entry<String, LambdaUsage.Use> e : c.lambda().entrySet()) {
            invocations += e.getValue().invocations();
            gbSeconds += e.getValue().billedMs() / 1000.0 * gb(e.getKey());
            if (routedFunctions.contains(e.getKey())) {
                apiRequests += e.getValue().invocations();
            }
        }
        // network waits, at the memory of the functions that make such calls (all 1,024 MB in the template)
        double waitMs = c.dynamo() * DYNAMODB_ROUND_TRIP_MS + c.otherAws() * AWS_API_ROUND_TRIP_MS
                + c.twilioCalls() * TWILIO_ROUND_TRIP_MS + c.livekitCalls() * LIVEKIT_ROUND_TRIP_MS;
        gbSeconds += waitMs / 1000.0 * 1.0;
        if (waitingFunction != null) {
            gbSeconds += waitSeconds * gb(waitingFunction);
        }
        ConsumedCapacityCounter.Units u = c.units();
        return new Bill(invocations * LAMBDA_REQUEST + gbSeconds * LAMBDA_GB_SECOND_ARM,
                u.read() * DYNAMODB_READ_UNIT + (u.write() + u.failedWrites()) * DYNAMODB_WRITE_UNIT,
                c.transitions() * SFN_STANDARD_TRANSITION, apiRequests * HTTP_API_REQUEST);
    }

    private double gb(String function) {
        return memoryMb.getOrDefault(function, 1024) / 1024.0;
    }

    static String usd(double v) {
        return v >= 0.01 ? String.format(Locale.ROOT, "$%.2f", v) : String.format(Locale.ROOT, "$%.7f", v);
    }
}
