package com.arkenos.devkit.sfn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lambda Invoke API as the AWS SDKs (and aws-local-stepfunctions) call it. */
class LambdaInvokeServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private LambdaInvokeServer server;

    static final class NumberUnavailableException extends Exception {
        NumberUnavailableException(String message) {
            super(message);
        }
    }

    @BeforeEach
    void start() {
        server = LambdaInvokeServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void invoke_byNameArnPartialArnOrQualifier_reachesTheRegisteredFunction() throws Exception {
        server.register("echo", payload -> payload);

        for (String functionName : new String[] {"echo", "echo:live", "000000000000:function:echo",
                "arn:aws:lambda:us-east-1:000000000000:function:echo",
                "arn:aws:lambda:us-east-1:000000000000:function:echo:3"}) {
            HttpResponse<String> response = invoke(functionName, "{\"n\": 7}");
            assertEquals(200, response.statusCode(), functionName);
            assertEquals("{\"n\": 7}", response.body(), functionName);
            assertFalse(response.headers().firstValue("X-Amz-Function-Error").isPresent(), functionName);
        }
        assertEquals(5, server.invocations("echo"));
    }

    @Test
    void invoke_functionThrows_answersLikeTheJavaRuntime() throws Exception {
        server.register("reserve", payload -> {
            throw new NumberUnavailableException("+15550001234 is taken");
        });

        HttpResponse<String> response = invoke("arn:aws:lambda:us-east-1:000000000000:function:reserve", "{}");

        assertEquals(200, response.statusCode());
        assertEquals("Unhandled", response.headers().firstValue("X-Amz-Function-Error").orElse(null));
        JsonNode body = JSON.readTree(response.body());
        assertEquals(NumberUnavailableException.class.getName(), body.path("errorType").asText());
        assertEquals("+15550001234 is taken", body.path("errorMessage").asText());
        assertTrue(body.path("stackTrace").isArray());
        assertEquals(1, server.invocations("reserve"));
    }

    @Test
    void invoke_unknownFunction_isResourceNotFound() throws Exception {
        HttpResponse<String> response = invoke("arn:aws:lambda:us-east-1:000000000000:function:missing", "{}");

        assertEquals(404, response.statusCode());
        assertEquals("ResourceNotFoundException", response.headers().firstValue("x-amzn-ErrorType").orElse(null));
        assertTrue(JSON.readTree(response.body()).path("message").asText().contains("function:missing"));
    }

    @Test
    void register_again_replacesTheFunctionAndRestartsItsCount() throws Exception {
        server.register("step", payload -> "\"one\"".getBytes(StandardCharsets.UTF_8));
        invoke("step", "{}");
        server.register("step", payload -> "\"two\"".getBytes(StandardCharsets.UTF_8));

        assertEquals(0, server.invocations("step"));
        assertEquals("\"two\"", invoke("step", "{}").body());
        assertEquals(1, server.invocations("step"));
    }

    @Test
    void invoke_asEvent_isAcceptedAtOnceAndRunsInTheBackground() throws Exception {
        CountDownLatch ringing = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(1);
        AtomicReference<String> received = new AtomicReference<>();
        server.register("dial", payload -> {
            received.set(new String(payload, StandardCharsets.UTF_8));
            ringing.await(5, TimeUnit.SECONDS); // a call that rings: the caller must not wait for it
            ran.countDown();
            throw new IllegalStateException("an event's failure goes nowhere");
        });
        server.register("echo", payload -> payload);

        long start = System.nanoTime();
        HttpResponse<String> accepted = send("arn:aws:lambda:us-east-1:000000000000:function:dial:live",
                "{\"call_id\":\"c1\"}", "Event");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(202, accepted.statusCode());
        assertEquals("", accepted.body());
        assertTrue(millis < 2_000, "answered before the function finished (" + millis + " ms)");
        assertEquals(1, server.invocations("dial"));
        assertEquals(1, server.eventsInFlight());
        assertEquals("{\"n\":1}", invoke("echo", "{\"n\":1}").body(), "synchronous invocations still run meanwhile");
        ringing.countDown();
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        assertEquals("{\"call_id\":\"c1\"}", received.get());
        for (int i = 0; i < 100 && server.eventsInFlight() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, server.eventsInFlight());
    }

    @Test
    void invoke_asDryRun_checksTheFunctionWithoutRunningIt() throws Exception {
        server.register("dial", payload -> {
            throw new AssertionError("must not run");
        });
        assertEquals(204, send("dial", "{}", "DryRun").statusCode());
        assertEquals(0, server.invocations("dial"));
        assertEquals(404, send("missing", "{}", "Event").statusCode());
    }

    private HttpResponse<String> send(String functionName, String payload, String invocationType) throws Exception {
        URI uri = URI.create(server.endpoint() + "/2015-03-31/functions/"
                + URLEncoder.encode(functionName, StandardCharsets.UTF_8) + "/invocations");
        return http.send(HttpRequest.newBuilder(uri).header("X-Amz-Invocation-Type", invocationType)
                        .POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> invoke(String functionName, String payload) throws Exception {
        // The AWS SDKs percent-encode the FunctionName path segment, colons included.
        URI uri = URI.create(server.endpoint() + "/2015-03-31/functions/"
                + URLEncoder.encode(functionName, StandardCharsets.UTF_8) + "/invocations");
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
