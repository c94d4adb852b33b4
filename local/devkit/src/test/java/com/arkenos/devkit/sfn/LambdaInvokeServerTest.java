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
                "arn:aws:lambda:us-east-1:000000000000:function:echo", "arn:aws:lambda:us-east-1:000000000000:function:echo:3"}) {
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

    private HttpResponse<String> invoke(String functionName, String payload) throws Exception {
        // The AWS SDKs percent-encode the FunctionName path segment, colons included.
        URI uri = URI.create(server.endpoint() + "/2015-03-31/functions/"
                + URLEncoder.encode(functionName, StandardCharsets.UTF_8) + "/invocations");
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
