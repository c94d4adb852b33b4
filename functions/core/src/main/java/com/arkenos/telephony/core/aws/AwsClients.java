package com.arkenos.telephony.core.aws;

import com.arkenos.telephony.core.Env;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AWS clients built once per container with an explicit region, credentials provider and the light
 * URLConnection HTTP client: the published advice for Java cold starts. Locally an endpoint override points a
 * client at DynamoDB Local or the local Step Functions engine.
 */
public final class AwsClients {
    private static final Map<String, DynamoDbClient> DYNAMO = new ConcurrentHashMap<>();

    private AwsClients() {
    }

    public static DynamoDbClient dynamo(Env env) {
        return DYNAMO.computeIfAbsent(key(env), k -> build(DynamoDbClient.builder(), env, "AWS_ENDPOINT_URL_DYNAMODB",
                UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)).build()));
    }

    /**
     * {@code builder}'s client, set up as every AWS client of the functions is: {@code env}'s region and
     * {@link #credentials}, the URLConnection HTTP client (SDK defaults), and the endpoint {@code endpointVariable}
     * names when it is set (the local stack's).
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, Env env, String endpointVariable) {
        return build(builder, env, endpointVariable, UrlConnectionHttpClient.create());
    }

    /** As {@link #build(AwsClientBuilder, Env, String)}, with this HTTP client (its own timeouts). */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, Env env, String endpointVariable, SdkHttpClient http) {
        builder.region(Region.of(region(env))).credentialsProvider(credentials(env)).httpClient(http);
        env.find(endpointVariable).ifPresent(e -> builder.endpointOverride(URI.create(e)));
        return builder.build();
    }

    /** Closes and drops the shared client {@link #dynamo} made for {@code env} (a priming copy's, on a stand-in). */
    public static void forget(Env env) {
        DynamoDbClient client = DYNAMO.remove(key(env));
        if (client != null) {
            client.close();
        }
    }

    private static String key(Env env) {
        return region(env) + "|" + env.getOrDefault("AWS_ENDPOINT_URL_DYNAMODB", "");
    }

    public static String region(Env env) {
        return env.getOrDefault("AWS_REGION", "us-east-1");
    }

    /**
     * A local endpoint accepts any static pair. In Lambda the credentials are in the environment, and reading them
     * there skips the default chain's probing; elsewhere (a laptop against real AWS) the default chain decides.
     */
    public static AwsCredentialsProvider credentials(Env env) {
        boolean local = env.find("AWS_ENDPOINT_URL_DYNAMODB").isPresent() || env.find("AWS_ENDPOINT_URL").isPresent();
        if (local) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    env.getOrDefault("AWS_ACCESS_KEY_ID", "local"),
                    env.getOrDefault("AWS_SECRET_ACCESS_KEY", "local")));
        }
        if (System.getenv("AWS_ACCESS_KEY_ID") != null) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
