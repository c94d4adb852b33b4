package com.arkenos.telephony.providers.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.arkenos.devkit.twilio.TwilioSandbox;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checks the sandbox's raw HTTP answers against Twilio's own OpenAPI documents: requests are built from the
 * documents' path templates, the status must be one the document declares for the operation, and every response
 * object must carry exactly the documented field names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwilioSandboxOpenApiConformanceTest {
    /** From the module directory (Maven's working directory for tests) to the shared reference folder. */
    private static final Path SPECS = Path.of("../../../shared/reference/twilio-openapi");
    private static final String ACCOUNT_PATH = "/2010-04-01/Accounts/{AccountSid}";

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private JsonNode api;
    private JsonNode trunking;
    private TwilioSandbox sandbox;

    @BeforeAll
    void loadDocumentsAndStart() throws IOException {
        Path apiSpec = SPECS.resolve("twilio_api_v2010.json");
        Path trunkingSpec = SPECS.resolve("twilio_trunking_v1.json");
        assumeTrue(Files.isReadable(apiSpec) && Files.isReadable(trunkingSpec),
                "Twilio's OpenAPI documents are not at " + SPECS.toAbsolutePath());
        api = mapper.readTree(apiSpec.toFile());
        trunking = mapper.readTree(trunkingSpec.toFile());
        sandbox = TwilioSandbox.start(0);
    }

    @AfterAll
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void empty() {
        sandbox.reset();
    }

    @Test
    void numberEndpoints_matchTheApiDocument() throws Exception {
        JsonNode search = call(api, "api", ACCOUNT_PATH + "/AvailablePhoneNumbers/{CountryCode}/Local.json", "get",
                Map.of("CountryCode", "US"), Map.of("AreaCode", "510", "PageSize", "2"));
        String number = search.at("/available_phone_numbers/0/phone_number").asText();
        call(api, "api", ACCOUNT_PATH + "/AvailablePhoneNumbers/{CountryCode}/TollFree.json", "get",
                Map.of("CountryCode", "US"), Map.of());
        call(api, "api", ACCOUNT_PATH + "/AvailablePhoneNumbers/{CountryCode}/Mobile.json", "get",
                Map.of("CountryCode", "GB"), Map.of());

        JsonNode bought = call(api, "api", ACCOUNT_PATH + "/IncomingPhoneNumbers.json", "post", Map.of(),
                Map.of("PhoneNumber", number));
        call(api, "api", ACCOUNT_PATH + "/IncomingPhoneNumbers.json", "get", Map.of(), Map.of("PhoneNumber", number));
        Map<String, String> bySid = Map.of("Sid", bought.get("sid").asText());
        call(api, "api", ACCOUNT_PATH + "/IncomingPhoneNumbers/{Sid}.json", "get", bySid, Map.of());
    }

    @Test
    void deletingAnOwnedNumber_answers204_andPutsItBackForSale() throws Exception {
        JsonNode bought = call(api, "api", ACCOUNT_PATH + "/IncomingPhoneNumbers.json", "post", Map.of(),
                Map.of("PhoneNumber", "+15105550100"));
        Map<String, String> bySid = Map.of("Sid", bought.get("sid").asText());
        JsonNode trunk = call(trunking, "trunking", "/v1/Trunks", "post", Map.of(), Map.of("FriendlyName", "t"));
        call(trunking, "trunking", "/v1/Trunks/{TrunkSid}/PhoneNumbers", "post",
                Map.of("TrunkSid", trunk.get("sid").asText()), Map.of("PhoneNumberSid", bought.get("sid").asText()));

        call(api, "api", ACCOUNT_PATH + "/IncomingPhoneNumbers/{Sid}.json", "delete", bySid, Map.of());

        String path = "/api/2010-04-01/Accounts/" + sandbox.accountSid() + "/IncomingPhoneNumbers/"
                + bought.get("sid").asText() + ".json";
        assertError(send("GET", sandbox.baseUrl() + path, Map.of(), sandbox.accountSid(), sandbox.authToken()),
                404, 20404);
        assertError(send("DELETE", sandbox.baseUrl() + path, Map.of(), sandbox.accountSid(), sandbox.authToken()),
                404, 20404);
        assertTrue(sandbox.trunks().get(0).phoneNumberSids().isEmpty(), "the trunk still holds a deleted number");
        JsonNode search = call(api, "api", ACCOUNT_PATH + "/AvailablePhoneNumbers/{CountryCode}/Local.json", "get",
                Map.of("CountryCode", "US"), Map.of("Contains", "+15105550100"));
        assertEquals("+15105550100", search.at("/available_phone_numbers/0/phone_number").asText());
    }

    @Test
    void sipListsCanBeFetchedAndDeleted_rightAfterTheyWereCreated() throws Exception {
        String lists = ACCOUNT_PATH + "/SIP/CredentialLists";
        JsonNode list = call(api, "api", lists + ".json", "post", Map.of(), Map.of("FriendlyName", "outbound"));
        Map<String, String> bySid = Map.of("Sid", list.get("sid").asText());
        assertEquals(list, call(api, "api", lists + "/{Sid}.json", "get", bySid, Map.of()));
        JsonNode trunk = call(trunking, "trunking", "/v1/Trunks", "post", Map.of(), Map.of("FriendlyName", "t"));
        call(trunking, "trunking", "/v1/Trunks/{TrunkSid}/CredentialLists", "post",
                Map.of("TrunkSid", trunk.get("sid").asText()), Map.of("CredentialListSid", list.get("sid").asText()));
        call(api, "api", lists + "/{Sid}.json", "delete", bySid, Map.of());
        String path = "/api/2010-04-01/Accounts/" + sandbox.accountSid() + "/SIP/CredentialLists/"
                + list.get("sid").asText() + ".json";
        assertError(send("GET", sandbox.baseUrl() + path, Map.of(), sandbox.accountSid(), sandbox.authToken()),
                404, 20404);
        assertTrue(sandbox.trunks().get(0).credentialListSids().isEmpty(), "the trunk still links a deleted list");

        String acls = ACCOUNT_PATH + "/SIP/IpAccessControlLists";
        JsonNode acl = call(api, "api", acls + ".json", "post", Map.of(), Map.of("FriendlyName", "livekit"));
        Map<String, String> byAcl = Map.of("Sid", acl.get("sid").asText());
        assertEquals(acl, call(api, "api", acls + "/{Sid}.json", "get", byAcl, Map.of()));
        call(api, "api", acls + "/{Sid}.json", "delete", byAcl, Map.of());
        assertTrue(sandbox.ipAccessControlLists().isEmpty());
    }

    @Test
    void sipEndpoints_matchTheApiDocument_andNeverReturnPasswords() throws Exception {
        String password = "Termination2024Pass";
        JsonNode list = call(api, "api", ACCOUNT_PATH + "/SIP/CredentialLists.json", "post", Map.of(),
                Map.of("FriendlyName", "outbound"));
        Map<String, String> inList = Map.of("CredentialListSid", list.get("sid").asText());
        JsonNode created = call(api, "api", ACCOUNT_PATH + "/SIP/CredentialLists/{CredentialListSid}/Credentials.json",
                "post", inList, Map.of("Username", "agent", "Password", password));
        JsonNode listed = call(api, "api", ACCOUNT_PATH + "/SIP/CredentialLists/{CredentialListSid}/Credentials.json",
                "get", inList, Map.of());
        call(api, "api", ACCOUNT_PATH + "/SIP/CredentialLists.json", "get", Map.of(), Map.of());
        assertFalse(created.toString().contains(password) || listed.toString().contains(password));

        JsonNode acl = call(api, "api", ACCOUNT_PATH + "/SIP/IpAccessControlLists.json", "post", Map.of(),
                Map.of("FriendlyName", "livekit"));
        Map<String, String> inAcl = Map.of("IpAccessControlListSid", acl.get("sid").asText());
        call(api, "api", ACCOUNT_PATH + "/SIP/IpAccessControlLists/{IpAccessControlListSid}/IpAddresses.json",
                "post", inAcl, Map.of("FriendlyName", "a", "IpAddress", "203.0.113.10"));
        call(api, "api", ACCOUNT_PATH + "/SIP/IpAccessControlLists/{IpAccessControlListSid}/IpAddresses.json",
                "get", inAcl, Map.of());
        call(api, "api", ACCOUNT_PATH + "/SIP/IpAccessControlLists.json", "get", Map.of(), Map.of());
    }

    @Test
    void trunkingEndpoints_matchTheTrunkingDocument() throws Exception {
        JsonNode trunk = call(trunking, "trunking", "/v1/Trunks", "post", Map.of(), Map.of("FriendlyName", "t"));
        Map<String, String> byTrunk = Map.of("TrunkSid", trunk.get("sid").asText());
        Map<String, String> bySid = Map.of("Sid", trunk.get("sid").asText());
        call(trunking, "trunking", "/v1/Trunks/{Sid}", "post", bySid, Map.of("DomainName", "t1.pstn.twilio.com"));
        call(trunking, "trunking", "/v1/Trunks/{Sid}", "get", bySid, Map.of());
        call(trunking, "trunking", "/v1/Trunks", "get", Map.of(), Map.of());

        call(trunking, "trunking", "/v1/Trunks/{TrunkSid}/OriginationUrls", "post", byTrunk, Map.of(
                "FriendlyName", "lk", "SipUrl", "sip:x.sip.livekit.cloud", "Priority", "10", "Weight", "10",
                "Enabled", "true"));
        call(trunking, "trunking", "/v1/Trunks/{TrunkSid}/OriginationUrls", "get", byTrunk, Map.of());

        String number = sandboxNumber();
        call(trunking, "trunking", "/v1/Trunks/{TrunkSid}/PhoneNumbers", "post", byTrunk,
                Map.of("PhoneNumberSid", number));
        Map<String, String> trunkNumber = Map.of("TrunkSid", trunk.get("sid").asText(), "Sid", number);
        call(trunking, "trunking", "/v1/Trunks/{TrunkSid}/PhoneNumbers/{Sid}", "get", trunkNumber, Map.of());
        call(trunking, "trunking", "/v1/Trunks/{TrunkSid}/PhoneNumbers", "get", byTrunk, Map.of());
        call(trunking, "trunking", "/v1/Trunks/{TrunkSid}/PhoneNumbers/{Sid}", "delete", trunkNumber, Map.of());

        String list = call(api, "api", ACCOUNT_PATH + "/SIP/CredentialLists.json", "post", Map.of(),
                Map.of("FriendlyName", "outbound")).get("sid").asText();
        call(trunking, "trunking", "/v1/Trunks/{TrunkSid}/CredentialLists", "post", byTrunk,
                Map.of("CredentialListSid", list));
        call(trunking, "trunking", "/v1/Trunks/{TrunkSid}/CredentialLists", "get", byTrunk, Map.of());
        String acl = call(api, "api", ACCOUNT_PATH + "/SIP/IpAccessControlLists.json", "post", Map.of(),
                Map.of("FriendlyName", "livekit")).get("sid").asText();
        call(trunking, "trunking", "/v1/Trunks/{TrunkSid}/IpAccessControlLists", "post", byTrunk,
                Map.of("IpAccessControlListSid", acl));
        call(trunking, "trunking", "/v1/Trunks/{TrunkSid}/IpAccessControlLists", "get", byTrunk, Map.of());

        call(trunking, "trunking", "/v1/Trunks/{Sid}", "delete", bySid, Map.of());
    }

    @Test
    void errors_carryTwilioCodeMessageMoreInfoAndStatus() throws Exception {
        String base = sandbox.baseUrl();
        assertError(send("GET", base + "/trunking/v1/Trunks", Map.of(), sandbox.accountSid(), "wrong-token"),
                401, 20003);
        assertError(send("GET", base + "/trunking/v1/Nothing", Map.of(), sandbox.accountSid(), sandbox.authToken()),
                404, 20404);
        String otherAccount = "/api/2010-04-01/Accounts/AC" + "0".repeat(32) + "/IncomingPhoneNumbers.json";
        assertError(send("GET", base + otherAccount, Map.of(), sandbox.accountSid(), sandbox.authToken()),
                404, 20404);
        String buy = base + "/api/2010-04-01/Accounts/" + sandbox.accountSid() + "/IncomingPhoneNumbers.json";
        assertError(send("POST", buy, Map.of("PhoneNumber", "+15105559999"), sandbox.accountSid(),
                sandbox.authToken()), 400, 21422);
    }

    private String sandboxNumber() throws Exception {
        JsonNode bought = call(api, "api", ACCOUNT_PATH + "/IncomingPhoneNumbers.json", "post", Map.of(),
                Map.of("PhoneNumber", "+14155550100"));
        return bought.get("sid").asText();
    }

    /** Sends the documented operation and checks its status and field names; returns the body. */
    private JsonNode call(JsonNode spec, String product, String template, String method,
                          Map<String, String> pathValues, Map<String, String> params) throws Exception {
        JsonNode operation = spec.path("paths").path(template).path(method);
        assertFalse(operation.isMissingNode(), method + " " + template + " is not in the document");
        Map<String, String> values = new LinkedHashMap<>(pathValues);
        values.put("AccountSid", sandbox.accountSid());
        String path = template;
        for (Map.Entry<String, String> v : values.entrySet()) {
            path = path.replace("{" + v.getKey() + "}", v.getValue());
        }
        HttpResponse<String> response = send(method.toUpperCase(Locale.ROOT),
                sandbox.baseUrl() + "/" + product + path, params, sandbox.accountSid(), sandbox.authToken());
        String status = String.valueOf(response.statusCode());
        String where = method + " " + template;
        assertTrue(operation.path("responses").has(status),
                where + " answered " + status + " " + response.body() + ", document declares "
                        + fieldNames(operation.path("responses")));
        JsonNode content = operation.path("responses").path(status).path("content").path("application/json");
        if (content.isMissingNode()) {
            assertTrue(response.body().isEmpty(), where + " should have no body");
            return mapper.nullNode();
        }
        JsonNode body = mapper.readTree(response.body());
        assertFields(spec, content.path("schema"), body, where);
        return body;
    }

    private void assertFields(JsonNode spec, JsonNode schemaOrRef, JsonNode actual, String where) {
        JsonNode schema = resolve(spec, schemaOrRef);
        JsonNode properties = schema.path("properties");
        if (!properties.isObject() || !actual.isObject()) {
            return;
        }
        assertEquals(fieldNames(properties), fieldNames(actual), where + " fields");
        for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode property = resolve(spec, properties.get(name));
            JsonNode value = actual.get(name);
            if (value.isArray() && property.has("items")) {
                value.forEach(item -> assertFields(spec, property.get("items"), item, where + " " + name + "[]"));
            } else if (value.isObject() && property.path("properties").isObject()) {
                // Case-insensitive below the top level: Twilio (and its Java SDK) spell number-search
                // capabilities "SMS"/"MMS" although the document lists them in lower case.
                assertEquals(lowerCase(fieldNames(property.path("properties"))), lowerCase(fieldNames(value)),
                        where + " " + name + " fields");
            }
        }
    }

    private static JsonNode resolve(JsonNode spec, JsonNode node) {
        JsonNode ref = node.path("$ref");
        if (ref.isTextual()) {
            return spec.at(ref.asText().substring(1));
        }
        return node;
    }

    private HttpResponse<String> send(String method, String url, Map<String, String> params, String user,
                                      String password) throws IOException, InterruptedException {
        String encoded = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        boolean post = method.equals("POST");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(post || encoded.isEmpty() ? url
                        : url + "?" + encoded))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (post) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encoded));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertError(HttpResponse<String> response, int status, int code) throws IOException {
        JsonNode body = mapper.readTree(response.body());
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(Set.of("code", "message", "more_info", "status"), fieldNames(body));
        assertEquals(code, body.get("code").asInt());
        assertEquals(status, body.get("status").asInt());
        assertEquals("https://www.twilio.com/docs/errors/" + code, body.get("more_info").asText());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> lowerCase(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
    }
}
