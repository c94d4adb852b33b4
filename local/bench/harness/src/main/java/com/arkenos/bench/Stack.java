package com.arkenos.bench;

import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.devkit.twilio.TwilioSandbox;
import com.arkenos.local.LocalRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The local stack the benchmark runs against: the project's own local runtime (DynamoDB Local in memory, the local
 * Step Functions engine, the Twilio and LiveKit sandboxes, the template's functions hosted the way Lambda hosts
 * them), with helpers to invoke a function with a payload 2.0 event and to wait without being counted.
 */
final class Stack implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final SamTemplate template;
    final LocalRuntime runtime;
    final Path root;
    /** The functions' invocations and billed milliseconds, from the runtime's host. */
    final LambdaUsage lambda = new LambdaUsage();

    private Stack(SamTemplate template, LocalRuntime runtime) {
        this.template = template;
        this.runtime = runtime;
        this.root = template.directory();
        runtime.host().onInvocation(lambda::record);
    }

    static Stack start() throws IOException {
        SamTemplate template = SamTemplate.find();
        LocalRuntime runtime = LocalRuntime.create(template, new LocalRuntime.Options(0, "127.0.0.1", true, null)
                // The calls section buys 200 numbers for one owner (the Nth number must cost what the first did),
                // past a deployment's default MaxNumbersPerOwner.
                .withTimeScale(0.01).withProcessEnv(Map.of("MAX_NUMBERS_PER_OWNER", "1000")));
        // Served like `./stack start`, so the LiveKit sandbox delivers its webhooks to the webhook function.
        runtime.serve("127.0.0.1", 0);
        return new Stack(template, runtime);
    }

    DynamoDbClient db() {
        return runtime.dynamo().client();
    }

    TwilioSandbox twilio() {
        return runtime.providers().twilioSandbox();
    }

    LiveKitSandbox livekit() {
        return runtime.providers().liveKitSandbox();
    }

    /** What {@code functionId} sees in its environment locally (template variables, local endpoints). */
    Map<String, String> environment(String functionId) {
        return runtime.host().environment(functionId);
    }

    /** Empties the tables and the sandboxes: a new deployment. */
    void reset() {
        AwsCallCounter.quietly(() -> runtime.dynamo().clear());
        twilio().reset();
        twilio().faults().clearFaults();
        twilio().faults().resetCounts();
        livekit().reset();
        livekit().faults().clearFaults();
        livekit().faults().resetCounts();
    }

    /** Invokes a function with raw event bytes, on this thread, as Lambda would. */
    byte[] invoke(String functionId, byte[] event) {
        try {
            return runtime.host().invoke(functionId, event);
        } catch (Exception e) {
            throw new IllegalStateException(functionId + " failed: " + e, e);
        }
    }

    /** An API Gateway HTTP API (payload 2.0) request to the function that serves {@code routeKey}. */
    Answer call(String routeKey, String path, String user, String body, Map<String, String> query,
                Map<String, String> pathParameters, Map<String, String> headers) {
        SamTemplate.Route route = template.routes().stream().filter(r -> r.routeKey().equals(routeKey)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no route " + routeKey + " in the template"));
        ObjectNode e = JSON.createObjectNode();
        String method = routeKey.substring(0, routeKey.indexOf(' '));
        e.put("version", "2.0");
        e.put("routeKey", routeKey);
        e.put("rawPath", path);
        StringBuilder qs = new StringBuilder();
        query.forEach((k, v) -> qs.append(qs.length() == 0 ? "" : "&").append(k).append('=').append(v));
        e.put("rawQueryString", qs.toString());
        ObjectNode h = e.putObject("headers");
        h.put("host", "localhost");
        if (user != null) {
            h.put("x-user-id", user);
        }
        if (body != null) {
            h.put("content-type", "application/json");
        }
        headers.forEach(h::put);
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", "000000000000");
        ctx.put("apiId", "local");
        ctx.putObject("http").put("method", method).put("path", path).put("protocol", "HTTP/1.1")
                .put("sourceIp", "127.0.0.1");
        ctx.put("requestId", UUID.randomUUID().toString());
        ctx.put("routeKey", routeKey);
        ctx.put("stage", "$default");
        if (!query.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        if (!pathParameters.isEmpty()) {
            ObjectNode p = e.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        if (body != null) {
            e.put("body", body);
        }
        e.put("isBase64Encoded", false);
        try {
            JsonNode out = JSON.readTree(invoke(route.functionId(), JSON.writeValueAsBytes(e)));
            String text = out.path("body").asText("");
            return new Answer(out.path("statusCode").asInt(),
                    text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    Answer post(String routeKey, String user, String body) {
        String path = routeKey.substring(routeKey.indexOf(' ') + 1);
        return call(routeKey, path, user, body, Map.of(), Map.of(), Map.of());
    }

    record Answer(int status, JsonNode body) {
        Answer expect(int wanted, String what) {
            if (status != wanted) {
                throw new IllegalStateException(what + ": HTTP " + status + " " + body);
            }
            return this;
        }
    }

    /** A number's item as stored, read by the harness (not counted). */
    Optional<Map<String, AttributeValue>> number(String phone) {
        return AwsCallCounter.quietly(() -> {
            Map<String, AttributeValue> item = db().getItem(b -> b.tableName("NumbersTable").consistentRead(true)
                    .key(Map.of("phone_number", AttributeValue.fromS(phone)))).item();
            return item == null || item.isEmpty() ? Optional.<Map<String, AttributeValue>>empty() : Optional.of(item);
        });
    }

    String numberStatus(String phone) {
        return number(phone).map(i -> i.get("status").s()).orElse("NONE");
    }

    /** Waits (polling quietly) until {@code done}; fails after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!AwsCallCounter.quietly(done::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            sleep(10);
        }
    }

    /** Waits until no AWS or provider call has been made for {@code quietFor} (webhooks and retries included). */
    void awaitQuiet(Duration quietFor, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = activity();
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            sleep(20);
            long now = activity();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= quietFor.toNanos()) {
                return;
            }
        }
    }

    private long activity() {
        return AwsCallCounter.total() + twilio().faults().totalCalls() + livekit().faults().totalCalls();
    }

    /** {@code stateTransitions} of an execution, which the local engine adds to DescribeExecution. */
    int stateTransitions(String executionArn) {
        String endpoint = environment("BuyNumberFunction").get("AWS_ENDPOINT_URL_SFN");
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/"))
                    .header("X-Amz-Target", "AWSStepFunctions.DescribeExecution")
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            JSON.createObjectNode().put("executionArn", executionArn).toString()))
                    .build();
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(r.body());
            if (r.statusCode() != 200 || !body.has("stateTransitions")) {
                throw new IllegalStateException(
                        "DescribeExecution " + executionArn + ": " + r.statusCode() + " " + body);
            }
            return body.get("stateTransitions").asInt();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
