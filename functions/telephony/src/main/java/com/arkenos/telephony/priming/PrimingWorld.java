package com.arkenos.telephony.priming;

import com.arkenos.telephony.calls.CallDirection;
import com.arkenos.telephony.calls.CallRecord;
import com.arkenos.telephony.calls.CallStatus;
import com.arkenos.telephony.calls.CallStore;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.core.aws.DynamoJson;
import com.arkenos.telephony.core.aws.Tables;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.numbers.NumberStore;
import com.arkenos.telephony.provisioning.InfraStore;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.provisioning.SipSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import livekit.LivekitAgentDispatch.AgentDispatch;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.DeleteRoomResponse;
import livekit.LivekitRoom.ListParticipantsResponse;
import livekit.LivekitSip.CreateSIPParticipantRequest;
import livekit.LivekitSip.ListSIPDispatchRuleResponse;
import livekit.LivekitSip.ListSIPInboundTrunkResponse;
import livekit.LivekitSip.ListSIPOutboundTrunkResponse;
import livekit.LivekitSip.SIPDispatchRule;
import livekit.LivekitSip.SIPDispatchRuleIndividual;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import livekit.LivekitSip.SIPParticipantInfo;
import livekit.LivekitSip.SIPTrunkInfo;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The world SnapStart priming runs its representative requests in: one {@link StandIn} that answers, each in its own
 * wire format, DynamoDB, Step Functions and Lambda (AWS JSON), Twilio's REST API (the JSON documents the Twilio SDK
 * reads) and LiveKit's Twirp API (the protobuf messages the LiveKit server SDK reads). It holds one owner with one
 * agent and its number, three calls and the shared SIP resources; it stores nothing but which shared SIP resources
 * are recorded, so that a step that records one finds it on its next read. Every answer is a success except where a
 * failure is the representative case (a callee who is busy; a number no longer on the Twilio trunk).
 */
public final class PrimingWorld implements StandIn.Exchange {
    public static final String OWNER = "priming";
    public static final String AGENT = "00000000-0000-4000-8000-000000000000";
    /** The agent's number. */
    public static final String PHONE = "+15550100000";
    /** A callee who answers (a US number, as the outbound allowlist of every deployment may call). */
    public static final String CALLEE = "+12025550101";
    /** A callee who is busy (LiveKit answers the dial with SIP 486). */
    public static final String BUSY_CALLEE = "+12025550102";
    /** A number that has no record yet (one to buy). */
    public static final String NEW_PHONE = "+15550100003";
    /** Another number on the shared trunks. */
    public static final String OTHER_PHONE = "+15550100009";
    public static final String OUTBOUND_CALL = "00000000-0000-4000-8000-000000000001";
    public static final String BUSY_CALL = "00000000-0000-4000-8000-000000000002";
    public static final String INBOUND_CALL = "00000000-0000-4000-8000-000000000003";
    public static final String EXECUTION = "priming-execution";
    public static final String LIVEKIT_INBOUND_TRUNK = "ST_primingInbound";
    public static final String LIVEKIT_OUTBOUND_TRUNK = "ST_primingOutbound";
    public static final String LIVEKIT_DISPATCH_RULE = "SDR_priming";
    public static final String NUMBER_SID = "PN00000000000000000000000000000001";
    public static final String TRUNK_SID = "TK00000000000000000000000000000001";
    public static final String ORIGINATION_URL_SID = "OU00000000000000000000000000000001";
    public static final String CREDENTIAL_LIST_SID = "CL00000000000000000000000000000001";
    public static final String CREDENTIAL_SID = "CR00000000000000000000000000000001";

    private static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");
    private static final String RFC_2822 = "Mon, 01 Jan 2024 00:00:00 +0000";
    private static final String ISO_8601 = "2024-01-01T00:00:00Z";
    private static final String AMZ_JSON = "application/x-amz-json-1.0";
    private static final String JSON = "application/json";
    private static final String PROTOBUF = "application/protobuf";
    private static final Set<String> SHARED = Set.of(SipInfrastructure.TWILIO_TRUNK, SipInfrastructure.LIVEKIT_INBOUND,
            SipInfrastructure.DISPATCH_RULE, SipInfrastructure.CREDENTIAL_LIST, SipInfrastructure.LIVEKIT_OUTBOUND);
    private static final Pattern V2010 = Pattern.compile("/api/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})(/.*)");

    private final Tables tables;
    private final SipSettings settings;
    private final String accountSid;
    private final String terminationUser;
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile NumberStatus numberStatus = NumberStatus.ACTIVE;
    private volatile boolean numberHasSid = true;

    PrimingWorld(Tables tables, SipSettings settings, String accountSid, String terminationUser) {
        this.tables = tables;
        this.settings = settings;
        this.accountSid = accountSid;
        this.terminationUser = terminationUser;
        recorded.addAll(SHARED);
    }

    /** The status the number is in (a step acts only in its own), and whether its Twilio purchase is recorded. */
    public PrimingWorld number(NumberStatus status, boolean hasTwilioSid) {
        this.numberStatus = status;
        this.numberHasSid = hasTwilioSid;
        return this;
    }

    /**
     * Whether the shared SIP resources are recorded (the steady state) or not yet (the first number of a deployment:
     * they are found at the providers by name and recorded).
     */
    public PrimingWorld sharedResourcesRecorded(boolean yes) {
        recorded.clear();
        if (yes) {
            recorded.addAll(SHARED);
        }
        return this;
    }

    /** How many requests each service got (dynamodb, sfn, lambda, twilio, livekit) and how many found no answer. */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Override
    public StandIn.Answer answer(StandIn.Request request) throws IOException {
        String target = request.header("x-amz-target");
        String path = request.path();
        int q = path.indexOf('?');
        String bare = q < 0 ? path : path.substring(0, q);
        StandIn.Answer answer;
        if (target.startsWith("DynamoDB_20120810.")) {
            answer = count("dynamodb", dynamo(target.substring(target.indexOf('.') + 1), Json.parse(request.body())));
        } else if (target.startsWith("AWSStepFunctions.")) {
            answer = count("sfn", sfn(target.substring(target.indexOf('.') + 1), Json.parse(request.body())));
        } else if (bare.startsWith("/2015-03-31/functions/")) {
            answer = count("lambda", new StandIn.Answer(202, JSON, new byte[0]));
        } else if (bare.startsWith("/twirp/")) {
            answer = count("livekit", livekit(bare.substring("/twirp/".length()), request.body()));
        } else if (bare.startsWith("/api/") || bare.startsWith("/trunking/")) {
            answer = count("twilio", twilio(request.method(), bare, q < 0 ? "" : path.substring(q + 1),
                    request.bodyText()));
        } else {
            answer = StandIn.Answer.of(404, "text/plain", "not a service of the priming stand-in");
        }
        if (answer.status() >= 400 && !expectedFailure(bare)) {
            counts.computeIfAbsent("unanswered", k -> new AtomicInteger()).incrementAndGet();
        }
        return answer;
    }

    private StandIn.Answer count(String service, StandIn.Answer answer) {
        counts.computeIfAbsent(service, k -> new AtomicInteger()).incrementAndGet();
        return answer;
    }

    /** The failures this world answers on purpose. */
    private static boolean expectedFailure(String path) {
        return path.endsWith("/CreateSIPParticipant") || path.matches("/trunking/v1/Trunks/TK\\w+/PhoneNumbers/PN\\w+");
    }

    // ------------------------------------------------------------------ DynamoDB

    private StandIn.Answer dynamo(String operation, JsonNode request) {
        String table = request.path("TableName").asText("");
        ObjectNode out = Json.object();
        switch (operation) {
            case "GetItem" -> {
                Map<String, AttributeValue> item = item(table, request.path("Key"));
                if (item != null) {
                    out.set("Item", DynamoJson.item(item));
                }
            }
            case "Query" -> {
                ArrayNode items = out.putArray("Items");
                query(table, request.path("IndexName").asText("")).forEach(i -> items.add(DynamoJson.item(i)));
                out.put("Count", items.size());
                out.put("ScannedCount", items.size());
            }
            case "Scan" -> {
                out.putArray("Items");
                out.put("Count", 0);
                out.put("ScannedCount", 0);
            }
            case "UpdateItem" -> {
                if (table.equals(tables.infra())) {
                    recorded.add(request.path("Key").path(InfraStore.KEY).path("S").asText(""));
                }
                if ("ALL_NEW".equals(request.path("ReturnValues").asText())) {
                    Map<String, AttributeValue> item = item(table, request.path("Key"));
                    if (item == null && table.equals(tables.numbers())) {
                        item = NumberStore.toItem(number(PHONE));
                    } else if (item == null && table.equals(tables.calls())) {
                        item = CallStore.toItem(call(OUTBOUND_CALL));
                    }
                    if (item != null) {
                        out.set("Attributes", DynamoJson.item(item));
                    }
                }
            }
            case "DeleteItem" -> {
                String key = request.path("Key").path(InfraStore.KEY).path("S").asText("");
                if (table.equals(tables.infra()) && SHARED.contains(key)) {
                    recorded.remove(key);
                }
            }
            default -> {
                // PutItem, TransactWriteItems: the write succeeds
            }
        }
        return StandIn.Answer.of(200, AMZ_JSON, Json.write(out));
    }

    private Map<String, AttributeValue> item(String table, JsonNode key) {
        if (table.equals(tables.numbers())) {
            String phone = key.path(NumberStore.PHONE).path("S").asText("");
            return phone.equals(NEW_PHONE) || phone.isEmpty() ? null : NumberStore.toItem(number(phone));
        }
        if (table.equals(tables.agents())) {
            return agent();
        }
        if (table.equals(tables.calls())) {
            CallRecord call = call(key.path(CallStore.CALL_ID).path("S").asText(""));
            return call == null ? null : CallStore.toItem(call);
        }
        if (table.equals(tables.infra())) {
            String resource = key.path(InfraStore.KEY).path("S").asText("");
            return recorded.contains(resource) ? infra(resource) : null;
        }
        return null;
    }

    private List<Map<String, AttributeValue>> query(String table, String index) {
        if (table.equals(tables.numbers())) {
            return List.of(NumberStore.toItem(number(PHONE)));
        }
        if (table.equals(tables.agents())) {
            return List.of(agent());
        }
        if (table.equals(tables.calls())) {
            if (index.equals(CallStore.BY_ROOM)) {
                return List.of(Map.of(CallStore.CALL_ID, AttributeValue.fromS(INBOUND_CALL),
                        CallStore.ROOM, AttributeValue.fromS(inboundRoom())));
            }
            return List.of(CallStore.toItem(call(INBOUND_CALL)), CallStore.toItem(call(OUTBOUND_CALL)));
        }
        return List.of();
    }

    private NumberRecord number(String phone) {
        Map<String, NumberRecord.StepState> steps = new LinkedHashMap<>();
        steps.put("EnsureTwilioTrunk", new NumberRecord.StepState("SUCCEEDED", CREATED, TRUNK_SID, null, null, null));
        steps.put("AddToInboundTrunk", new NumberRecord.StepState("FAILED", CREATED.plusSeconds(1), null, "not_found",
                "LiveKit answered not_found", "livekit"));
        boolean release = numberStatus == NumberStatus.RELEASING || numberStatus == NumberStatus.RELEASED;
        return new NumberRecord(phone, OWNER, AGENT, numberHasSid ? NUMBER_SID : null, numberStatus, "purchased",
                release ? "release" : "provision", 1, EXECUTION,
                "arn:aws:states:us-east-1:000000000000:execution:priming:" + EXECUTION, steps, null, CREATED, CREATED, 3);
    }

    private Map<String, AttributeValue> agent() {
        Map<String, AttributeValue> item = new LinkedHashMap<>(AgentStore.key(OWNER, AGENT));
        item.put(AgentStore.NAME, AttributeValue.fromS("Priming"));
        item.put(AgentStore.ACTIVE, AttributeValue.fromBool(true));
        item.put(AgentStore.CONFIG, AttributeValue.fromS("{\"system_prompt\":\"You are priming.\",\"temperature\":0.7}"));
        item.put(AgentStore.PHONE, AttributeValue.fromS(PHONE));
        item.put(AgentStore.CREATED, AttributeValue.fromS(CREATED.toString()));
        item.put(AgentStore.UPDATED, AttributeValue.fromS(CREATED.toString()));
        item.put(AgentStore.VERSION, AttributeValue.fromN("2"));
        return item;
    }

    private CallRecord call(String callId) {
        return switch (callId) {
            case OUTBOUND_CALL, BUSY_CALL -> {
                String callee = callId.equals(OUTBOUND_CALL) ? CALLEE : BUSY_CALLEE;
                yield new CallRecord(callId, OWNER, AGENT, CallDirection.OUTBOUND, CallStatus.RINGING,
                        "outbound-" + callId, PHONE, callee, "phone-" + callee, "Phone " + callee, LIVEKIT_OUTBOUND_TRUNK,
                        null, 5, null, null, null, null, null, CREATED, null, null, null, CREATED);
            }
            case INBOUND_CALL -> new CallRecord(callId, OWNER, AGENT, CallDirection.INBOUND, CallStatus.ANSWERED,
                    inboundRoom(), CALLEE, PHONE, "sip_priming", "Phone", null, "SCL_priming", null, null, null, null,
                    null, null, CREATED, null, CREATED, null, CREATED);
            default -> null;
        };
    }

    /** The room LiveKit's dispatch rule makes for an inbound caller. */
    public String inboundRoom() {
        return settings.roomPrefix() + "_" + CALLEE + "_priming";
    }

    private Map<String, AttributeValue> infra(String resource) {
        Map<String, String> attributes = switch (resource) {
            case SipInfrastructure.TWILIO_TRUNK -> Map.of("sid", TRUNK_SID, "origination_url_sid", ORIGINATION_URL_SID,
                    "origination_sip_url", "sip:" + settings.liveKitSipUri(), "domain_name", settings.terminationDomain());
            case SipInfrastructure.LIVEKIT_INBOUND -> Map.of("id", LIVEKIT_INBOUND_TRUNK);
            case SipInfrastructure.DISPATCH_RULE -> Map.of("id", LIVEKIT_DISPATCH_RULE);
            case SipInfrastructure.CREDENTIAL_LIST -> Map.of("sid", CREDENTIAL_LIST_SID, "username", terminationUser,
                    "linked_trunk", TRUNK_SID);
            case SipInfrastructure.LIVEKIT_OUTBOUND -> Map.of("id", LIVEKIT_OUTBOUND_TRUNK,
                    "address", settings.terminationDomain());
            default -> Map.of();
        };
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(InfraStore.KEY, AttributeValue.fromS(resource));
        item.put("recorded_at", AttributeValue.fromS(CREATED.toString()));
        attributes.forEach((k, v) -> item.put(k, AttributeValue.fromS(v)));
        return item;
    }

    // ------------------------------------------------------------------ Step Functions

    private StandIn.Answer sfn(String operation, JsonNode request) {
        ObjectNode out = Json.object();
        String machine = request.path("stateMachineArn").asText("arn:aws:states:us-east-1:000000000000:stateMachine:priming");
        String execution = machine.replace(":stateMachine:", ":execution:") + ":" + request.path("name").asText("priming");
        if (operation.equals("StartExecution")) {
            out.put("executionArn", execution);
            out.put("startDate", CREATED.getEpochSecond());
        } else if (operation.equals("DescribeExecution")) {
            out.put("executionArn", request.path("executionArn").asText(execution));
            out.put("stateMachineArn", machine);
            out.put("status", "RUNNING");
            out.put("startDate", CREATED.getEpochSecond());
        }
        return StandIn.Answer.of(200, AMZ_JSON, Json.write(out));
    }

    // ------------------------------------------------------------------ Twilio

    private StandIn.Answer twilio(String method, String path, String query, String form) {
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        Matcher v2010 = V2010.matcher(path);
        if (v2010.matches()) {
            String rest = v2010.group(2);
            if (get && rest.matches("/AvailablePhoneNumbers/[A-Z]{2}/(Local|TollFree|Mobile)\\.json")) {
                return twilioJson(200, v2010Page("available_phone_numbers", path, availableNumber()));
            }
            if (rest.equals("/IncomingPhoneNumbers.json")) {
                // The number asked for (a search by number, a purchase) is the one in the account.
                return get ? twilioJson(200, v2010Page("incoming_phone_numbers", path,
                        incomingNumber(parameter(query, "PhoneNumber", PHONE))))
                        : twilioJson(201, incomingNumber(parameter(form, "PhoneNumber", NEW_PHONE)));
            }
            if (rest.equals("/SIP/CredentialLists.json")) {
                return get ? twilioJson(200, v2010Page("credential_lists", path, credentialList()))
                        : twilioJson(201, credentialList());
            }
            if (rest.matches("/SIP/CredentialLists/CL\\w{32}/Credentials\\.json")) {
                return get ? twilioJson(200, v2010Page("credentials", path, credential()))
                        : twilioJson(201, credential());
            }
        } else if (path.startsWith("/trunking/v1/Trunks")) {
            String rest = path.substring("/trunking/v1/Trunks".length());
            if (rest.isEmpty()) {
                return get ? twilioJson(200, trunkingPage("trunks", path, trunk())) : twilioJson(201, trunk());
            }
            if (rest.matches("/TK\\w{32}")) {
                return method.equals("DELETE") ? new StandIn.Answer(204, null, new byte[0]) : twilioJson(200, trunk());
            }
            if (rest.matches("/TK\\w{32}/OriginationUrls")) {
                return get ? twilioJson(200, trunkingPage("origination_urls", path, originationUrl()))
                        : twilioJson(201, originationUrl());
            }
            if (rest.matches("/TK\\w{32}/PhoneNumbers") && post) {
                return twilioJson(201, trunkPhoneNumber());
            }
            if (rest.matches("/TK\\w{32}/PhoneNumbers/PN\\w{32}")) {
                // Removed: the number is no longer on the trunk.
                return method.equals("DELETE") ? new StandIn.Answer(204, null, new byte[0]) : twilioNotFound(path);
            }
            if (rest.matches("/TK\\w{32}/CredentialLists")) {
                return get ? twilioJson(200, trunkingPage("credential_lists", path, trunkCredentialList()))
                        : twilioJson(201, trunkCredentialList());
            }
        }
        return twilioNotFound(path);
    }

    private static StandIn.Answer twilioJson(int status, ObjectNode body) {
        return StandIn.Answer.of(status, JSON, Json.write(body));
    }

    /** Twilio's error document, from which the SDK reads the status and error code. */
    private static StandIn.Answer twilioNotFound(String path) {
        ObjectNode e = Json.object();
        e.put("code", 20404);
        e.put("message", "The requested resource " + path + " was not found");
        e.put("more_info", "https://www.twilio.com/docs/errors/20404");
        e.put("status", 404);
        return twilioJson(404, e);
    }

    private static ObjectNode v2010Page(String key, String path, ObjectNode item) {
        String uri = path.substring("/api".length()) + "?PageSize=50&Page=0";
        ObjectNode page = Json.object();
        page.put("first_page_uri", uri);
        page.put("end", 0);
        page.putNull("previous_page_uri");
        page.putArray(key).add(item);
        page.put("uri", uri);
        page.put("page_size", 50);
        page.put("start", 0);
        page.putNull("next_page_uri");
        page.put("page", 0);
        return page;
    }

    private static ObjectNode trunkingPage(String key, String path, ObjectNode item) {
        String url = "https://trunking.twilio.com" + path.substring("/trunking".length()) + "?PageSize=50&Page=0";
        ObjectNode page = Json.object();
        page.putArray(key).add(item);
        ObjectNode meta = page.putObject("meta");
        meta.put("page", 0);
        meta.put("page_size", 50);
        meta.put("first_page_url", url);
        meta.putNull("previous_page_url");
        meta.put("url", url);
        meta.putNull("next_page_url");
        meta.put("key", key);
        return page;
    }

    private ObjectNode availableNumber() {
        ObjectNode n = Json.object();
        n.put("friendly_name", "(555) 010-0003");
        n.put("phone_number", NEW_PHONE);
        n.put("lata", "722");
        n.put("locality", "Oakland");
        n.put("rate_center", "OKLD");
        n.put("latitude", "37.804400");
        n.put("longitude", "-122.270800");
        n.put("region", "CA");
        n.put("postal_code", "94612");
        n.put("iso_country", "US");
        n.put("address_requirements", "none");
        n.put("beta", false);
        ObjectNode caps = n.putObject("capabilities");
        caps.put("voice", true);
        caps.put("SMS", true);
        caps.put("MMS", true);
        caps.put("fax", false);
        return n;
    }

    /** A parameter of a query string or form body. */
    private static String parameter(String encoded, String name, String fallback) {
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return fallback;
    }

    private ObjectNode incomingNumber(String phone) {
        String uri = "/2010-04-01/Accounts/" + accountSid + "/IncomingPhoneNumbers/" + NUMBER_SID + ".json";
        ObjectNode n = numberBase();
        n.putNull("address_sid");
        n.put("date_created", RFC_2822);
        n.put("date_updated", RFC_2822);
        n.put("friendly_name", phone);
        n.putNull("identity_sid");
        n.put("phone_number", phone);
        n.put("origin", "twilio");
        n.put("sid", NUMBER_SID);
        unsetRouting(n);
        n.put("trunk_sid", "");
        n.put("uri", uri);
        n.put("voice_receive_mode", "voice");
        n.put("emergency_status", "Inactive");
        n.putNull("emergency_address_sid");
        n.put("emergency_address_status", "unregistered");
        n.putNull("bundle_sid");
        n.put("status", "in-use");
        return n;
    }

    private static void unsetRouting(ObjectNode n) {
        for (String field : List.of("sms_application_sid", "sms_fallback_url", "sms_url", "status_callback",
                "voice_application_sid", "voice_fallback_url", "voice_url")) {
            n.put(field, "");
        }
        for (String field : List.of("sms_fallback_method", "sms_method", "status_callback_method",
                "voice_fallback_method", "voice_method")) {
            n.put(field, "POST");
        }
        n.put("voice_caller_id_lookup", false);
    }

    private ObjectNode credentialList() {
        String uri = "/2010-04-01/Accounts/" + accountSid + "/SIP/CredentialLists/" + CREDENTIAL_LIST_SID;
        ObjectNode l = Json.object();
        l.put("account_sid", accountSid);
        l.put("date_created", RFC_2822);
        l.put("date_updated", RFC_2822);
        l.put("friendly_name", settings.credentialListName());
        l.put("sid", CREDENTIAL_LIST_SID);
        l.putObject("subresource_uris").put("credentials", uri + "/Credentials.json");
        l.put("uri", uri + ".json");
        return l;
    }

    private ObjectNode credential() {
        ObjectNode c = Json.object();
        c.put("sid", CREDENTIAL_SID);
        c.put("account_sid", accountSid);
        c.put("credential_list_sid", CREDENTIAL_LIST_SID);
        c.put("username", terminationUser);
        c.put("date_created", RFC_2822);
        c.put("date_updated", RFC_2822);
        c.put("uri", "/2010-04-01/Accounts/" + accountSid + "/SIP/CredentialLists/" + CREDENTIAL_LIST_SID
                + "/Credentials/" + CREDENTIAL_SID + ".json");
        return c;
    }

    private ObjectNode trunk() {
        String url = "https://trunking.twilio.com/v1/Trunks/" + TRUNK_SID;
        ObjectNode t = Json.object();
        t.put("account_sid", accountSid);
        t.put("domain_name", settings.terminationDomain());
        t.putNull("disaster_recovery_method");
        t.putNull("disaster_recovery_url");
        t.put("friendly_name", settings.trunkName());
        t.put("secure", false);
        t.putObject("recording").put("mode", "do-not-record").put("trim", "do-not-trim");
        t.put("transfer_mode", "disable-all");
        t.put("transfer_caller_id", "from-transferee");
        t.put("cnam_lookup_enabled", false);
        t.put("auth_type", "CREDENTIAL_LIST");
        t.putArray("auth_type_set").add("CREDENTIAL_LIST");
        t.put("symmetric_rtp_enabled", false);
        t.put("date_created", ISO_8601);
        t.put("date_updated", ISO_8601);
        t.put("sid", TRUNK_SID);
        t.put("url", url);
        ObjectNode links = t.putObject("links");
        links.put("origination_urls", url + "/OriginationUrls");
        links.put("credential_lists", url + "/CredentialLists");
        links.put("ip_access_control_lists", url + "/IpAccessControlLists");
        links.put("phone_numbers", url + "/PhoneNumbers");
        links.put("recording", url + "/Recording");
        return t;
    }

    private ObjectNode originationUrl() {
        ObjectNode u = Json.object();
        u.put("account_sid", accountSid);
        u.put("sid", ORIGINATION_URL_SID);
        u.put("trunk_sid", TRUNK_SID);
        u.put("weight", 10);
        u.put("enabled", true);
        u.put("sip_url", "sip:" + settings.liveKitSipUri());
        u.put("friendly_name", "LiveKit SIP");
        u.put("priority", 10);
        u.put("date_created", ISO_8601);
        u.put("date_updated", ISO_8601);
        u.put("url", "https://trunking.twilio.com/v1/Trunks/" + TRUNK_SID + "/OriginationUrls/" + ORIGINATION_URL_SID);
        return u;
    }

    /** The fields an account's number and a trunk's number have alike. */
    private ObjectNode numberBase() {
        ObjectNode n = Json.object();
        n.put("account_sid", accountSid);
        n.put("address_requirements", "none");
        n.put("api_version", "2010-04-01");
        n.put("beta", false);
        ObjectNode caps = n.putObject("capabilities");
        caps.put("voice", true);
        caps.put("sms", true);
        caps.put("mms", true);
        caps.put("fax", false);
        return n;
    }

    private ObjectNode trunkPhoneNumber() {
        ObjectNode n = numberBase();
        n.put("date_created", ISO_8601);
        n.put("date_updated", ISO_8601);
        n.put("friendly_name", "(555) 010-0000");
        n.putObject("links").put("phone_number", "https://api.twilio.com/2010-04-01/Accounts/" + accountSid
                + "/IncomingPhoneNumbers/" + NUMBER_SID + ".json");
        n.put("phone_number", PHONE);
        n.put("sid", NUMBER_SID);
        unsetRouting(n);
        n.put("trunk_sid", TRUNK_SID);
        n.put("url", "https://trunking.twilio.com/v1/Trunks/" + TRUNK_SID + "/PhoneNumbers/" + NUMBER_SID);
        return n;
    }

    private ObjectNode trunkCredentialList() {
        ObjectNode l = Json.object();
        l.put("account_sid", accountSid);
        l.put("sid", CREDENTIAL_LIST_SID);
        l.put("trunk_sid", TRUNK_SID);
        l.put("friendly_name", settings.credentialListName());
        l.put("date_created", ISO_8601);
        l.put("date_updated", ISO_8601);
        l.put("url", "https://trunking.twilio.com/v1/Trunks/" + TRUNK_SID + "/CredentialLists/" + CREDENTIAL_LIST_SID);
        return l;
    }

    // ------------------------------------------------------------------ LiveKit

    private StandIn.Answer livekit(String method, byte[] body) throws InvalidProtocolBufferException {
        MessageLite answer = switch (method) {
            case "livekit.SIP/ListSIPInboundTrunk" -> ListSIPInboundTrunkResponse.newBuilder()
                    .addItems(inboundTrunk(List.of(PHONE, OTHER_PHONE))).build();
            case "livekit.SIP/CreateSIPInboundTrunk" -> inboundTrunk(List.of(PHONE));
            case "livekit.SIP/UpdateSIPInboundTrunk" -> inboundTrunk(List.of(OTHER_PHONE));
            case "livekit.SIP/ListSIPOutboundTrunk" -> ListSIPOutboundTrunkResponse.newBuilder()
                    .addItems(outboundTrunk(List.of(PHONE, OTHER_PHONE))).build();
            case "livekit.SIP/CreateSIPOutboundTrunk" -> outboundTrunk(List.of(PHONE));
            case "livekit.SIP/UpdateSIPOutboundTrunk" -> outboundTrunk(List.of(OTHER_PHONE));
            case "livekit.SIP/DeleteSIPTrunk" -> SIPTrunkInfo.newBuilder().setSipTrunkId(LIVEKIT_OUTBOUND_TRUNK).build();
            case "livekit.SIP/ListSIPDispatchRule" -> ListSIPDispatchRuleResponse.newBuilder()
                    .addItems(dispatchRule()).build();
            case "livekit.SIP/CreateSIPDispatchRule", "livekit.SIP/UpdateSIPDispatchRule",
                    "livekit.SIP/DeleteSIPDispatchRule" -> dispatchRule();
            case "livekit.SIP/CreateSIPParticipant" -> {
                CreateSIPParticipantRequest dial = CreateSIPParticipantRequest.parseFrom(body);
                if (dial.getSipCallTo().equals(BUSY_CALLEE)) {
                    yield null;
                }
                yield SIPParticipantInfo.newBuilder().setParticipantId("PA_priming")
                        .setParticipantIdentity(dial.getParticipantIdentity()).setRoomName(dial.getRoomName())
                        .setSipCallId("SCL_priming").build();
            }
            case "livekit.RoomService/CreateRoom" -> {
                CreateRoomRequest room = CreateRoomRequest.parseFrom(body);
                yield Room.newBuilder().setSid("RM_priming").setName(room.getName()).setMetadata(room.getMetadata())
                        .setEmptyTimeout(room.getEmptyTimeout()).setCreationTime(CREATED.getEpochSecond()).build();
            }
            case "livekit.RoomService/DeleteRoom" -> DeleteRoomResponse.getDefaultInstance();
            case "livekit.RoomService/ListParticipants" -> ListParticipantsResponse.getDefaultInstance();
            case "livekit.AgentDispatchService/CreateDispatch" -> AgentDispatch.newBuilder().setId("AD_priming")
                    .setAgentName(settings.agentName()).setRoom("priming").build();
            default -> null;
        };
        if (answer != null) {
            return new StandIn.Answer(200, PROTOBUF, answer.toByteArray());
        }
        if (method.equals("livekit.SIP/CreateSIPParticipant")) {
            // What LiveKit answers a dial that waited for a busy callee: the SIP status in the Twirp error's meta.
            return twirpError(429, "resource_exhausted", "twirp error unknown: INVITE failed: sip status: 486: Busy Here",
                    Map.of("sip_status_code", "486", "sip_status", "Busy Here"));
        }
        return twirpError(404, "bad_route", "no handler for path /twirp/" + method, Map.of());
    }

    private static StandIn.Answer twirpError(int status, String code, String msg, Map<String, String> meta) {
        ObjectNode e = Json.object();
        e.put("code", code);
        e.put("msg", msg);
        if (!meta.isEmpty()) {
            ObjectNode m = e.putObject("meta");
            meta.forEach(m::put);
        }
        return StandIn.Answer.of(status, JSON, Json.write(e));
    }

    private SIPInboundTrunkInfo inboundTrunk(List<String> numbers) {
        return SIPInboundTrunkInfo.newBuilder().setSipTrunkId(LIVEKIT_INBOUND_TRUNK).setName(settings.inboundTrunkName())
                .addAllNumbers(numbers).addAllAllowedAddresses(settings.twilioSignallingAddresses())
                .setMetadata("{\"managed_by\":\"arkenos\"}").build();
    }

    private SIPOutboundTrunkInfo outboundTrunk(List<String> numbers) {
        return SIPOutboundTrunkInfo.newBuilder().setSipTrunkId(LIVEKIT_OUTBOUND_TRUNK)
                .setName(settings.outboundTrunkName()).setAddress(settings.terminationDomain()).addAllNumbers(numbers)
                .setAuthUsername(terminationUser).setMetadata("{\"managed_by\":\"arkenos\"}").build();
    }

    private SIPDispatchRuleInfo dispatchRule() {
        return SIPDispatchRuleInfo.newBuilder().setSipDispatchRuleId(LIVEKIT_DISPATCH_RULE)
                .setName(settings.dispatchRuleName()).addTrunkIds(LIVEKIT_INBOUND_TRUNK)
                .setRule(SIPDispatchRule.newBuilder().setDispatchRuleIndividual(
                        SIPDispatchRuleIndividual.newBuilder().setRoomPrefix(settings.roomPrefix())))
                .setMetadata("{\"managed_by\":\"arkenos\"}").build();
    }
}
