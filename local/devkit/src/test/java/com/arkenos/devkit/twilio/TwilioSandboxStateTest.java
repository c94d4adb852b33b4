package com.arkenos.devkit.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sandbox started on a state file finds its account again after a restart and never repeats a SID. */
class TwilioSandboxStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void restartedSandbox_keepsNumbersTrunksAndLists_andOffersNoOwnedNumber() throws Exception {
        Path file = dir.resolve("twilio-sandbox.json");
        String numberSid;
        String trunkSid;
        String listSid;
        try (TwilioSandbox twilio = start(file)) {
            numberSid = post(twilio, api(twilio, "/IncomingPhoneNumbers.json"), "PhoneNumber=%2B15105550100")
                    .get("sid").asText();
            trunkSid = post(twilio, twilio.baseUrl() + "/trunking/v1/Trunks", "FriendlyName=arkenos")
                    .get("sid").asText();
            post(twilio, twilio.baseUrl() + "/trunking/v1/Trunks/" + trunkSid + "/PhoneNumbers",
                    "PhoneNumberSid=" + numberSid);
            listSid = post(twilio, api(twilio, "/SIP/CredentialLists.json"), "FriendlyName=termination")
                    .get("sid").asText();
            post(twilio, api(twilio, "/SIP/CredentialLists/" + listSid + "/Credentials.json"),
                    "Username=arkenos&Password=Termination2024Pass");
            post(twilio, twilio.baseUrl() + "/trunking/v1/Trunks/" + trunkSid + "/CredentialLists",
                    "CredentialListSid=" + listSid);
        }
        assertFalse(Files.readString(file).contains("Termination2024Pass"), "a password was written to disk");

        try (TwilioSandbox twilio = start(file)) {
            assertEquals(trunkSid, twilio.ownedNumber("+15105550100").orElseThrow().trunkSid());
            SandboxTrunk trunk = twilio.trunk(trunkSid).orElseThrow();
            assertEquals(Set.of(numberSid), trunk.phoneNumberSids());
            assertEquals(Set.of(listSid), trunk.credentialListSids());
            assertEquals(List.of("arkenos"), twilio.credentialLists().get(0).usernames());
            assertEquals(1, twilio.purchases("+15105550100"));
            JsonNode offered =
                    get(twilio, api(twilio, "/AvailablePhoneNumbers/US/Local.json?AreaCode=510&PageSize=50"));
            offered.get("available_phone_numbers").forEach(n ->
                    assertFalse(n.get("phone_number").asText().equals("+15105550100"), "an owned number is for sale"));
            String second = post(twilio, api(twilio, "/IncomingPhoneNumbers.json"), "PhoneNumber=%2B15105550101")
                    .get("sid").asText();
            assertFalse(second.equals(numberSid));
        }
    }

    @Test
    void sids_neverRepeat_acrossRestarts_norAfterTheStateFileIsLost() throws Exception {
        Path file = dir.resolve("twilio-sandbox.json");
        Set<String> sids = new HashSet<>();
        for (int run = 0; run < 3; run++) {
            if (run == 2) {
                Files.delete(file); // the account is gone, but DynamoDB may still hold the SIDs of runs 0 and 1
            }
            try (TwilioSandbox twilio = start(file)) {
                for (int i = 0; i < 3; i++) {
                    JsonNode list = post(twilio, api(twilio, "/SIP/CredentialLists.json"), "FriendlyName=l" + i);
                    assertTrue(sids.add(list.get("sid").asText()), "SID handed out twice: " + list.get("sid"));
                    JsonNode trunk = post(twilio, twilio.baseUrl() + "/trunking/v1/Trunks", "FriendlyName=t" + i);
                    assertTrue(sids.add(trunk.get("sid").asText()), "SID handed out twice: " + trunk.get("sid"));
                }
            }
        }
    }

    @Test
    void resetOfAKeptSandbox_emptiesTheAccount_butKeepsCountingSids() throws Exception {
        Path file = dir.resolve("twilio-sandbox.json");
        try (TwilioSandbox twilio = start(file)) {
            String before = post(twilio, twilio.baseUrl() + "/trunking/v1/Trunks", "FriendlyName=t")
                    .get("sid").asText();
            twilio.reset();
            assertTrue(twilio.trunks().isEmpty());
            String after = post(twilio, twilio.baseUrl() + "/trunking/v1/Trunks", "FriendlyName=t").get("sid").asText();
            assertFalse(after.equals(before), "reset handed out a SID again");
        }
        try (TwilioSandbox twilio = start(file)) {
            assertEquals(1, twilio.trunks().size(), "the reset was not saved");
        }
    }

    @Test
    void inMemorySandbox_writesNothing_andStaysReproducible() throws Exception {
        String first;
        try (TwilioSandbox twilio = TwilioSandbox.start(0)) {
            first = post(twilio, twilio.baseUrl() + "/trunking/v1/Trunks", "FriendlyName=t").get("sid").asText();
            assertTrue(twilio.stateFile().isEmpty());
        }
        try (TwilioSandbox twilio = TwilioSandbox.start(0)) {
            assertEquals(first, post(twilio, twilio.baseUrl() + "/trunking/v1/Trunks", "FriendlyName=t")
                    .get("sid").asText());
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    private static TwilioSandbox start(Path file) {
        return TwilioSandbox.start(0, TwilioSandbox.DEFAULT_ACCOUNT_SID, TwilioSandbox.DEFAULT_AUTH_TOKEN, file);
    }

    private static String api(TwilioSandbox twilio, String path) {
        return twilio.baseUrl() + "/api/2010-04-01/Accounts/" + twilio.accountSid() + path;
    }

    private static JsonNode post(TwilioSandbox twilio, String url, String form) throws Exception {
        HttpResponse<String> r = HTTP.send(request(twilio, url).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), url + " " + form + " -> " + r.body());
        return JSON.readTree(r.body());
    }

    private static JsonNode get(TwilioSandbox twilio, String url) throws Exception {
        HttpResponse<String> r = HTTP.send(request(twilio, url).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static HttpRequest.Builder request(TwilioSandbox twilio, String url) {
        String auth = twilio.accountSid() + ":" + twilio.authToken();
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
    }
}
