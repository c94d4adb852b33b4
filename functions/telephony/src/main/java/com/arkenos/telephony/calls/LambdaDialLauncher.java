package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.aws.AwsClients;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

import java.time.Duration;

/**
 * Invokes the dial step ({@code DialCallFunction}) asynchronously (InvocationType Event): Lambda queues the event and
 * answers 202 at once, then runs the function, retrying it twice if it fails (the step is idempotent per call). Locally
 * the runtime's Lambda Invoke server plays Lambda ({@code AWS_ENDPOINT_URL_LAMBDA}).
 */
public final class LambdaDialLauncher implements DialLauncher {
    private final Env env;
    private final String functionName;
    private volatile LambdaClient client;

    public LambdaDialLauncher(Env env) {
        this.env = env;
        this.functionName = env.getOrDefault("DIAL_CALL_FUNCTION", "");
    }

    /** With a Lambda client of its own (SnapStart priming sends its launches to a stand-in). */
    public LambdaDialLauncher(Env env, LambdaClient client) {
        this(env);
        this.client = client;
    }

    @Override
    public void launch(String callId) {
        if (functionName.isEmpty()) {
            throw new IllegalStateException("DIAL_CALL_FUNCTION is not configured");
        }
        String payload = Json.write(Json.object().put("call_id", callId));
        int status = client().invoke(b -> b.functionName(functionName).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(payload))).statusCode();
        if (status != 202) {
            throw new IllegalStateException("Lambda answered " + status + " to an asynchronous invocation");
        }
    }

    /** Builds the Lambda client (no request is made). */
    @Override
    public void prepare() {
        client();
    }

    private LambdaClient client() {
        LambdaClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = AwsClients.build(LambdaClient.builder(), env, "AWS_ENDPOINT_URL_LAMBDA",
                            UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                                    .socketTimeout(Duration.ofSeconds(5)).build());
                }
                c = client;
            }
        }
        return c;
    }
}
