package com.arkenos.local;

import com.arkenos.devkit.twilio.TwilioSandbox;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.snapstart.PrimedStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Faults made from outside the product: what a console, or a function that lost its network, does. */
public final class OutOfBand {
    private OutOfBand() {
    }

    /** Deletes a Twilio trunk as the Twilio console would. */
    public static void deleteTwilioTrunk(TwilioSandbox twilio, String sid) throws Exception {
        String auth = Base64.getEncoder().encodeToString((twilio.accountSid() + ":" + twilio.authToken())
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(twilio.baseUrl() + "/trunking/v1/Trunks/" + sid)).DELETE()
                .header("Authorization", "Basic " + auth).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) {
            throw new IllegalStateException("the trunk was not deleted: " + r.statusCode() + " " + r.body());
        }
    }

    /** Deletes one of a Twilio trunk's origination URLs as the Twilio console would. */
    public static void deleteOriginationUrl(TwilioSandbox twilio, String trunkSid, String urlSid) throws Exception {
        String auth = Base64.getEncoder().encodeToString((twilio.accountSid() + ":" + twilio.authToken())
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(twilio.baseUrl() + "/trunking/v1/Trunks/" + trunkSid + "/OriginationUrls/" + urlSid))
                .DELETE().header("Authorization", "Basic " + auth).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) {
            throw new IllegalStateException("the origination URL was not deleted: " + r.statusCode() + " " + r.body());
        }
    }

    /** Changes a Twilio trunk's termination domain as the Twilio console would. */
    public static void setTwilioTrunkDomain(TwilioSandbox twilio, String sid, String domain) throws Exception {
        String auth = Base64.getEncoder().encodeToString((twilio.accountSid() + ":" + twilio.authToken())
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(twilio.baseUrl() + "/trunking/v1/Trunks/" + sid))
                .POST(HttpRequest.BodyPublishers.ofString("DomainName=" + java.net.URLEncoder.encode(domain,
                        StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + auth).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the trunk's domain was not changed: " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * Sends a user's POST to the function {@code functionId}, built as Lambda builds it but with Step Functions
     * unreachable (a closed port): a StartExecution that fails after the function's own writes.
     */
    public static JsonNode postWithoutStepFunctions(LocalRuntime runtime, String functionId, String route,
                                                    String user, String body) throws Exception {
        Map<String, String> env = new HashMap<>(runtime.host().environment(functionId));
        env.put("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:9");
        var handler = PrimedStreamHandler.build(runtime.template().function(functionId).handlerClass(), Env.of(env));
        String path = route.substring(route.indexOf(' ') + 1);
        ObjectNode event = Json.object().put("version", "2.0").put("routeKey", route).put("rawPath", path)
                .put("body", body).put("isBase64Encoded", false);
        event.putObject("headers").put("x-user-id", user).put("content-type", "application/json");
        ObjectNode ctx = event.putObject("requestContext").put("requestId", "out-of-band");
        ctx.putObject("http").put("method", "POST").put("path", path);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.parse(out.toByteArray());
    }
}
