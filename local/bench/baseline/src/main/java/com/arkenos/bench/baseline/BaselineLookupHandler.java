package com.arkenos.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The benchmark's floor: the smallest Lambda handler that does what the lookup function needs from storage, one
 * consistent GetItem of the number (which keeps a copy of its agent), with the plain AWS SDK and nothing else: no
 * JSON library, no routing, no validation, no logging. The client is built the way the published advice says (once,
 * explicit region and credentials provider, URLConnection HTTP client). It is packaged like the function jars and
 * started the same way, so the cold start of each function is compared with it in the same run.
 *
 * <p>With {@code WORKER_KEY_SECRET_ARN} set (the lookup's deployed shape) it also does what the lookup does for its
 * caller: reads the worker key from that Secrets Manager secret at init, the same plain way, and answers 401 to a
 * request whose {@code x-worker-key} differs (compared in constant time).
 */
public final class BaselineLookupHandler implements RequestStreamHandler {
    private static final String NUMBERS = env("NUMBERS_TABLE", "NumbersTable");
    private final DynamoDbClient dynamo;
    private final byte[] workerKey;

    public BaselineLookupHandler() {
        DynamoDbClientBuilder b = DynamoDbClient.builder()
                .region(Region.of(env("AWS_REGION", "us-east-1")))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create());
        String endpoint = System.getenv("AWS_ENDPOINT_URL_DYNAMODB");
        if (endpoint != null && !endpoint.isBlank()) {
            b.endpointOverride(URI.create(endpoint));
        }
        dynamo = b.build();
        workerKey = readWorkerKey();
    }

    private static byte[] readWorkerKey() {
        String arn = System.getenv("WORKER_KEY_SECRET_ARN");
        if (arn == null || arn.isBlank()) {
            return null;
        }
        SecretsManagerClientBuilder b = SecretsManagerClient.builder()
                .region(Region.of(env("AWS_REGION", "us-east-1")))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create());
        String endpoint = System.getenv("AWS_ENDPOINT_URL_SECRETS_MANAGER");
        if (endpoint != null && !endpoint.isBlank()) {
            b.endpointOverride(URI.create(endpoint));
        }
        try (SecretsManagerClient sm = b.build()) {
            return field(sm.getSecretValue(r -> r.secretId(arn)).secretString(), "key")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        if (workerKey != null && !MessageDigest.isEqual(workerKey,
                field(event, "x-worker-key").getBytes(StandardCharsets.UTF_8))) {
            output.write("{\"statusCode\":401,\"body\":\"{}\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String phone = field(event, "phone_number");
        Map<String, AttributeValue> number = dynamo.getItem(r -> r.tableName(NUMBERS).consistentRead(true)
                .key(Map.of("phone_number", AttributeValue.fromS(phone)))).item();
        String body = number == null || !number.containsKey("agent_id") ? "{}"
                : "{\"agent_id\":\"" + number.get("agent_id").s() + "\"}";
        output.write(("{\"statusCode\":200,\"body\":\"" + body.replace("\"", "\\\"") + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The last {@code "name":"value"} of the JSON text; enough for the sample event and the secret. */
    private static String field(String json, String name) {
        int at = json.lastIndexOf("\"" + name + "\"");
        if (at < 0) {
            return "";
        }
        int start = json.indexOf('"', json.indexOf(':', at) + 1) + 1;
        return json.substring(start, json.indexOf('"', start));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
