package com.arkenos.localstack.provisioning;

import com.arkenos.devkit.twilio.TwilioSandbox;
import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Puts the Twilio sandbox in the state the buy flow leaves behind, through Twilio's documented REST API (search,
 * then IncomingPhoneNumbers create) rather than the gateway under test, so a gateway bug cannot hide in the setup.
 */
final class SandboxSeeds {
    private SandboxSeeds() {
    }

    /** Buys the first voice-capable US number the sandbox offers; returns Twilio's IncomingPhoneNumber resource. */
    static JsonNode buyNumber(TwilioSandbox twilio) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String account = twilio.baseUrl() + "/api/2010-04-01/Accounts/" + twilio.accountSid();
        String auth = "Basic " + Base64.getEncoder().encodeToString(
                (twilio.accountSid() + ":" + twilio.authToken()).getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> offer = http.send(HttpRequest.newBuilder(
                        URI.create(account + "/AvailablePhoneNumbers/US/Local.json?VoiceEnabled=true&PageSize=1"))
                .header("Authorization", auth).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        require(offer, 200);
        String phone = Json.parse(offer.body()).path("available_phone_numbers").path(0).path("phone_number").asText();
        if (phone.isEmpty()) {
            throw new IllegalStateException("the sandbox offers no US voice number: " + offer.body());
        }

        HttpResponse<String> bought = http.send(HttpRequest.newBuilder(
                        URI.create(account + "/IncomingPhoneNumbers.json"))
                .header("Authorization", auth).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "PhoneNumber=" + URLEncoder.encode(phone, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        require(bought, 201);
        JsonNode number = Json.parse(bought.body());
        if (!number.path("sid").asText().startsWith("PN") || !phone.equals(number.path("phone_number").asText())) {
            throw new IllegalStateException("unexpected IncomingPhoneNumber: " + bought.body());
        }
        return number;
    }

    private static void require(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ", expected " + status + ": " + response.body());
        }
    }
}
