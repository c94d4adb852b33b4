package com.arkenos.telephony.priming;

import Telephony.Permanent;
import com.arkenos.telephony.calls.CallbackSender;
import com.arkenos.telephony.calls.RoomEvents;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.snapstart.Primer;
import com.arkenos.telephony.handlers.calls.CallbackHandler;
import com.arkenos.telephony.handlers.calls.DialCallHandler;
import com.arkenos.telephony.handlers.calls.EndCallHandler;
import com.arkenos.telephony.handlers.calls.LiveKitWebhookHandler;
import com.arkenos.telephony.handlers.calls.GetCallHandler;
import com.arkenos.telephony.handlers.calls.GetCallStatusHandler;
import com.arkenos.telephony.handlers.calls.ListCallsHandler;
import com.arkenos.telephony.handlers.calls.PlaceOutboundCallHandler;
import com.arkenos.telephony.handlers.numbers.AssignNumberHandler;
import com.arkenos.telephony.handlers.numbers.BuyNumberHandler;
import com.arkenos.telephony.handlers.numbers.GetNumberEventsHandler;
import com.arkenos.telephony.handlers.numbers.ProvisionNumberHandler;
import com.arkenos.telephony.handlers.numbers.ReassignNumberHandler;
import com.arkenos.telephony.handlers.numbers.ReleaseNumberHandler;
import com.arkenos.telephony.handlers.numbers.RetryNumberHandler;
import com.arkenos.telephony.handlers.numbers.CheckNumberHandler;
import com.arkenos.telephony.handlers.numbers.GetNumberHandler;
import com.arkenos.telephony.handlers.numbers.ListNumbersHandler;
import com.arkenos.telephony.handlers.numbers.SearchNumbersHandler;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.providers.livekit.LiveKitCredentials;
import com.arkenos.telephony.handlers.steps.ProvisioningStepHandler;
import com.arkenos.telephony.handlers.steps.RecordFailureHandler;
import com.arkenos.telephony.numbers.ProvisioningStep;
import com.arkenos.telephony.wiring.TelephonyWiring;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livekit.server.AccessToken;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SnapStart priming of the telephony functions. Before the snapshot, a copy of the handler, built by its no-arg
 * constructor on a {@link PrimingStage} (DynamoDB, Twilio, LiveKit, Step Functions and Lambda all answered by one
 * loopback stand-in, {@link PrimingWorld}), serves the handler's representative requests: the classes they need are
 * loaded and compiled in the snapshot. Nothing reaches AWS, Twilio or LiveKit, no secret is fetched, and the
 * function's own clients are not touched. A handler this primer does not know is primed by its warm-up alone.
 */
public final class TelephonyPrimer implements Primer {
    private static final Map<String, String> USER = Map.of("x-user-id", PrimingWorld.OWNER);
    private static final String CALL = "/api/calls/" + PrimingWorld.OUTBOUND_CALL;

    /** The HTTP handlers' requests, each as API Gateway sends it. */
    private static final Map<Class<?>, List<String>> REQUESTS = Map.ofEntries(
            Map.entry(GetNumberHandler.class, List.of(HttpFunction.primingEvent("GET", "/api/telephony/numbers/" + PrimingWorld.PHONE,
                    "GET /api/telephony/numbers/{phone_number}", USER, Map.of(), null))),
            Map.entry(ListNumbersHandler.class, List.of(HttpFunction.primingEvent("GET", "/api/telephony/numbers",
                    "GET /api/telephony/numbers", USER, Map.of("limit", "20"), null))),
            Map.entry(CheckNumberHandler.class, List.of(HttpFunction.primingEvent("GET", "/api/telephony/numbers/check",
                    "GET /api/telephony/numbers/check", USER, Map.of("phone_number", PrimingWorld.PHONE), null))),
            Map.entry(SearchNumbersHandler.class, List.of(HttpFunction.primingEvent("GET", "/api/telephony/numbers/search",
                    "GET /api/telephony/numbers/search", Map.of(), Map.of("country", "US", "area_code", "555"), null))),
            Map.entry(BuyNumberHandler.class, List.of(HttpFunction.primingEvent("POST", "/api/telephony/numbers/buy",
                    "POST /api/telephony/numbers/buy", Map.of("x-user-id", PrimingWorld.OWNER,
                            "idempotency-key", "priming-buy"), Map.of(), "{\"phone_number\":\""
                            + PrimingWorld.NEW_PHONE + "\",\"agent_id\":\"" + PrimingWorld.AGENT + "\"}"))),
            Map.entry(GetCallHandler.class, List.of(HttpFunction.primingEvent("GET", CALL, "GET /api/calls/{call_id}", USER,
                    Map.of(), null))),
            Map.entry(GetCallStatusHandler.class, List.of(HttpFunction.primingEvent("GET", CALL + "/status",
                    "GET /api/calls/{call_id}/status", USER, Map.of(), null))),
            Map.entry(ListCallsHandler.class, List.of(HttpFunction.primingEvent("GET", "/api/calls", "GET /api/calls", USER,
                    Map.of("direction", "OUTBOUND", "limit", "20"), null))),
            Map.entry(PlaceOutboundCallHandler.class, List.of(HttpFunction.primingEvent("POST", "/api/calls/outbound",
                    "POST /api/calls/outbound", USER, Map.of(), "{\"agent_id\":\"" + PrimingWorld.AGENT
                            + "\",\"phone_number\":\"" + PrimingWorld.CALLEE + "\"}"))),
            Map.entry(EndCallHandler.class, List.of(HttpFunction.primingEvent("POST", CALL + "/end",
                    "POST /api/calls/{call_id}/end", USER, Map.of(), null))),
            Map.entry(AssignNumberHandler.class, List.of(HttpFunction.primingEvent("POST", "/api/telephony/numbers/assign",
                    "POST /api/telephony/numbers/assign", USER, Map.of(), "{\"phone_number\":\""
                            + PrimingWorld.NEW_PHONE + "\",\"agent_id\":\"" + PrimingWorld.AGENT + "\"}"))),
            Map.entry(ReleaseNumberHandler.class, List.of(HttpFunction.primingEvent("POST", "/api/telephony/numbers/release",
                    "POST /api/telephony/numbers/release", USER, Map.of(), "{\"phone_number\":\"" + PrimingWorld.PHONE + "\"}"))),
            Map.entry(RetryNumberHandler.class, List.of(HttpFunction.primingEvent("POST", "/api/telephony/numbers/retry",
                    "POST /api/telephony/numbers/retry", USER, Map.of(), "{\"phone_number\":\"" + PrimingWorld.PHONE + "\"}"))),
            Map.entry(ProvisionNumberHandler.class, List.of(HttpFunction.primingEvent("POST", "/api/telephony/numbers/provision",
                    "POST /api/telephony/numbers/provision", USER, Map.of(), "{\"phone_number\":\"" + PrimingWorld.PHONE + "\"}"))),
            Map.entry(ReassignNumberHandler.class, List.of(HttpFunction.primingEvent("POST", "/api/telephony/numbers/reassign",
                    "POST /api/telephony/numbers/reassign", USER, Map.of(), "{\"phone_number\":\"" + PrimingWorld.PHONE
                            + "\",\"target_agent_id\":\"" + PrimingWorld.AGENT + "\"}"))),
            Map.entry(GetNumberEventsHandler.class, List.of(HttpFunction.primingEvent("GET", "/api/telephony/numbers/"
                    + PrimingWorld.PHONE + "/events", "GET /api/telephony/numbers/{phone_number}/events", USER,
                    Map.of(), null))));

    /** The handlers' copies, built by their no-arg constructors on the stage's wiring. */
    private static final Map<Class<?>, java.util.function.Supplier<? extends RequestStreamHandler>> HANDLERS = Map.ofEntries(
            Map.entry(GetNumberHandler.class, GetNumberHandler::new),
            Map.entry(AssignNumberHandler.class, AssignNumberHandler::new),
            Map.entry(ReleaseNumberHandler.class, ReleaseNumberHandler::new),
            Map.entry(RetryNumberHandler.class, RetryNumberHandler::new),
            Map.entry(ProvisionNumberHandler.class, ProvisionNumberHandler::new),
            Map.entry(ReassignNumberHandler.class, ReassignNumberHandler::new),
            Map.entry(GetNumberEventsHandler.class, GetNumberEventsHandler::new),
            Map.entry(ListNumbersHandler.class, ListNumbersHandler::new),
            Map.entry(CheckNumberHandler.class, CheckNumberHandler::new),
            Map.entry(SearchNumbersHandler.class, SearchNumbersHandler::new),
            Map.entry(BuyNumberHandler.class, BuyNumberHandler::new),
            Map.entry(GetCallHandler.class, GetCallHandler::new),
            Map.entry(GetCallStatusHandler.class, GetCallStatusHandler::new),
            Map.entry(ListCallsHandler.class, ListCallsHandler::new),
            Map.entry(PlaceOutboundCallHandler.class, PlaceOutboundCallHandler::new),
            Map.entry(EndCallHandler.class, EndCallHandler::new),
            Map.entry(LiveKitWebhookHandler.class, LiveKitWebhookHandler::new),
            Map.entry(DialCallHandler.class, DialCallHandler::new),
            Map.entry(RecordFailureHandler.class, RecordFailureHandler::new),
            // A copy that runs whichever step its input names: priming feeds it the deployed function's step(s).
            Map.entry(ProvisioningStepHandler.class,
                    () -> new ProvisioningStepHandler(TelephonyWiring.current().steps(), Optional.empty())));

    @Override
    public boolean primes(Class<?> handlerType) {
        return HANDLERS.containsKey(handlerType) || handlerType == CallbackHandler.class;
    }

    @Override
    public void prime(Object handler) throws Exception {
        Class<?> handlerType = handler.getClass();
        if (handlerType == CallbackHandler.class) {
            primeCallback();
            return;
        }
        try (PrimingStage stage = PrimingStage.open(Env.system())) {
            RequestStreamHandler copy = TelephonyWiring.building(stage.wiring(), HANDLERS.get(handlerType));
            if (copy instanceof ProvisioningStepHandler step) {
                // The step the function is deployed for; a handler that runs any step primes them all.
                for (ProvisioningStep s : ((ProvisioningStepHandler) handler).deployedFor().map(List::of)
                        .orElse(List.of(ProvisioningStep.values()))) {
                    primeStep(stage, step, s);
                }
            } else if (copy instanceof RecordFailureHandler failure) {
                primeFailure(stage, failure);
            } else if (copy instanceof DialCallHandler dial) {
                for (String callId : new String[] {PrimingWorld.OUTBOUND_CALL, PrimingWorld.BUSY_CALL}) {
                    invoke(dial, "{\"call_id\":\"" + callId + "\"}");
                }
            } else if (copy instanceof LiveKitWebhookHandler webhook) {
                primeWebhook(stage, webhook);
            } else {
                for (String event : REQUESTS.get(handlerType)) {
                    HttpFunction.serve((HttpFunction) copy, event);
                }
            }
        }
    }

    /**
     * Every step handles its event twice: with the shared SIP resources recorded (the steady state: the number's
     * record read, the step's provider calls, the step's outcome written) and with none recorded and the number's
     * purchase not yet noted (a deployment's first number: the resources are found at the providers, under their
     * leases, and recorded).
     */
    private static void primeStep(PrimingStage stage, ProvisioningStepHandler handler, ProvisioningStep step)
            throws Exception {
        String event = Json.write(Json.object().put("phone_number", PrimingWorld.PHONE)
                .put("execution", PrimingWorld.EXECUTION).put("operation", step.operation().id())
                .put("step", step.stepName()));
        stage.world().number(step.expectedStatus(), true).sharedResourcesRecorded(true);
        invoke(handler, event);
        stage.world().number(step.expectedStatus(), false).sharedResourcesRecorded(false);
        invoke(handler, event);
    }

    /** Records the failure of a provisioning whose step failed. */
    private static void primeFailure(PrimingStage stage, RecordFailureHandler failure) throws Exception {
        stage.world().number(NumberStatus.PROVISIONING, true);
        ObjectNode event = Json.object().put("phone_number", PrimingWorld.PHONE)
                .put("execution", PrimingWorld.EXECUTION).put("operation", "provision");
        event.putObject("error").put("Error", Permanent.NAME)
                .put("Cause", "{\"errorMessage\":\"LiveKit answered not_found\"}");
        invoke(failure, Json.write(event));
    }

    /**
     * An inbound caller joining and the caller's room finishing, both signed as LiveKit signs them (the SDK's
     * WebhookReceiver checks them), and a forged event.
     */
    private static void primeWebhook(PrimingStage stage, LiveKitWebhookHandler webhook) throws Exception {
        LiveKitCredentials credentials = stage.providers().liveKitCredentials();
        String room = "{\"sid\":\"RM_priming\",\"name\":\"" + stage.world().inboundRoom() + "\"}";
        String joined = "{\"event\":\"participant_joined\",\"room\":" + room + ",\"participant\":{"
                + "\"sid\":\"PA_priming\",\"identity\":\"sip_priming\",\"name\":\"Phone\",\"kind\":\"SIP\","
                + "\"attributes\":{\"" + RoomEvents.SIP_CALL_ID + "\":\"SCL_priming\",\""
                + RoomEvents.TRUNK_PHONE_NUMBER + "\":\"" + PrimingWorld.PHONE + "\",\"" + RoomEvents.PHONE_NUMBER
                + "\":\"" + PrimingWorld.CALLEE + "\",\"" + RoomEvents.CALL_STATUS + "\":\"active\"}},"
                + "\"id\":\"EV_priming_joined\",\"createdAt\":\"1704067200\"}";
        String finished = "{\"event\":\"room_finished\",\"room\":" + room
                + ",\"id\":\"EV_priming_finished\",\"createdAt\":\"1704067260\"}";
        for (String body : new String[] {joined, finished}) {
            HttpFunction.serve(webhook, webhookEvent(body, sign(credentials, body)));
        }
        HttpFunction.serve(webhook, webhookEvent(finished, sign(credentials, joined)));
    }

    private static String webhookEvent(String body, String authorization) {
        return HttpFunction.primingEvent("POST", "/api/livekit/webhook", "POST /api/livekit/webhook",
                Map.of("authorization", authorization), Map.of(), body);
    }

    /** The Authorization header LiveKit sends: a token whose sha256 claim is the body's digest. */
    private static String sign(LiveKitCredentials c, String body) throws Exception {
        AccessToken token = new AccessToken(c.apiKey(), c.apiSecret());
        token.setTtl(Duration.ofMinutes(5).toMillis());
        token.setSha256(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(StandardCharsets.UTF_8))));
        return token.toJwt();
    }

    /**
     * A copy that refuses private hosts handles a record whose status did not change (nothing to send) and one
     * whose status changed with a callback to 127.0.0.1 (the notification built, the URL refused before any
     * connection): parsing, the image conversion, the call's JSON and the URL check. No network, no stage.
     */
    private static void primeCallback() throws Exception {
        CallbackHandler copy = new CallbackHandler(new CallbackSender(false));
        String base = "\"call_id\":{\"S\":\"00000000-0000-4000-8000-000000000001\"},\"owner_id\":{\"S\":\"priming\"},"
                + "\"agent_id\":{\"S\":\"00000000-0000-4000-8000-000000000002\"},\"direction\":{\"S\":\"OUTBOUND\"},"
                + "\"room_name\":{\"S\":\"outbound-00000000-0000-4000-8000-000000000001\"},"
                + "\"to_number\":{\"S\":\"+15550100001\"},\"ringing_timeout_seconds\":{\"N\":\"45\"},"
                + "\"callback_url\":{\"S\":\"http://127.0.0.1:9/priming\"},"
                + "\"created_at\":{\"S\":\"2026-01-01T00:00:00.000Z\"},\"updated_at\":{\"S\":\"2026-01-01T00:00:01.000Z\"},";
        String ringing = "{" + base + "\"status\":{\"S\":\"RINGING\"}}";
        String answered = "{" + base + "\"status\":{\"S\":\"ANSWERED\"},\"answered_at\":{\"S\":\"2026-01-01T00:00:01.000Z\"}}";
        invoke(copy, "{\"Records\":["
                + "{\"eventID\":\"priming-1\",\"eventName\":\"MODIFY\",\"dynamodb\":{\"NewImage\":" + ringing
                + ",\"OldImage\":" + ringing + "}},"
                + "{\"eventID\":\"priming-2\",\"eventName\":\"MODIFY\",\"dynamodb\":{\"NewImage\":" + answered
                + ",\"OldImage\":" + ringing + "}}]}");
    }

    private static void invoke(RequestStreamHandler handler, String event) throws Exception {
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), null);
    }
}
