package com.arkenos.telephony.calls;

import com.arkenos.telephony.handlers.calls.CallbackHandler;

import com.arkenos.telephony.core.Env;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Call status callbacks: what is sent, when, where to (and where not), and what a failing receiver gets. */
class CallbackTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer receiver;
    private final ConcurrentLinkedQueue<Map.Entry<Map<String, String>, String>> received =
            new ConcurrentLinkedQueue<>();
    /** The statuses the receiver answers with, in turn; the last one repeats. */
    private volatile List<Integer> answers = List.of(200);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger redirectTargetHits = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/cb", ex -> {
            int n = requests.getAndIncrement();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(Map.entry(Map.of(
                    "event-id", String.valueOf(ex.getRequestHeaders().getFirst("x-arkenos-event-id")),
                    "content-type", String.valueOf(ex.getRequestHeaders().getFirst("content-type")),
                    "timestamp", String.valueOf(ex.getRequestHeaders().getFirst("x-arkenos-timestamp")),
                    "signature", String.valueOf(ex.getRequestHeaders().getFirst("x-arkenos-signature")),
                    "method", ex.getRequestMethod()), body));
            int status = answers.get(Math.min(n, answers.size() - 1));
            if (status == 302) {
                ex.getResponseHeaders().add("location", url("/elsewhere"));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.createContext("/elsewhere", ex -> {
            redirectTargetHits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private static ObjectNode sampleEvent() throws Exception {
        Path sample = Path.of("../../events/CallbackFunction/status-changed.json");
        return (ObjectNode) JSON.readTree(Files.readString(sample));
    }

    private static void setUrl(ObjectNode event, String url) {
        for (JsonNode r : event.get("Records")) {
            for (String image : new String[] {"NewImage", "OldImage"}) {
                ((ObjectNode) r.get("dynamodb").get(image)).putObject("callback_url").put("S", url);
            }
        }
    }

    private JsonNode handle(CallbackHandler f, JsonNode event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private CallbackHandler localFunction() {
        return Env.hosting(Env.of(Map.of("CALLBACK_ALLOW_PRIVATE_HOSTS", "true", "CALLBACK_SIGNING_KEY", "k")),
                CallbackHandler::new);
    }

    @Test
    void aStatusChange_isPostedOnce_withTheCallAsTheApiShowsIt_andTheStreamRecordId() throws Exception {
        ObjectNode event = sampleEvent();
        setUrl(event, url("/cb"));
        JsonNode result = handle(localFunction(), event);
        assertEquals(1, result.path("delivered").asInt(), result.toString());
        assertEquals(1, received.size());
        var r = received.peek();
        assertEquals("POST", r.getKey().get("method"));
        assertEquals("application/json", r.getKey().get("content-type"));
        assertEquals("c4ca4238a0b923820dcc509a6f75849b", r.getKey().get("event-id"));
        assertEquals(com.arkenos.telephony.core.auth.CallbackSigning.fixed("k").signature("user_123",
                Long.parseLong(r.getKey().get("timestamp")), r.getValue()), r.getKey().get("signature"),
                "signed for the call's owner");
        JsonNode body = JSON.readTree(r.getValue());
        assertEquals("call.status_changed", body.get("event").asText());
        assertEquals("RINGING", body.get("previous_status").asText());
        assertEquals("ANSWERED", body.at("/call/status").asText());
        assertEquals("3d6f0c52-8a41-4b7e-9f12-6c0e5a7b2d94", body.at("/call/call_id").asText());
        assertEquals("+14155550123", body.at("/call/to_number").asText());
        assertFalse(body.at("/call/answered_at").isNull());
    }

    @Test
    void writesThatDoNotChangeTheStatus_andInserts_sendNothing() throws Exception {
        ObjectNode event = sampleEvent();
        setUrl(event, url("/cb"));
        ObjectNode record = (ObjectNode) event.get("Records").get(0);
        ObjectNode images = (ObjectNode) record.get("dynamodb");
        images.set("OldImage", images.get("NewImage").deepCopy());
        assertEquals(1, handle(localFunction(), event).path("no_change").asInt());
        record.put("eventName", "INSERT");
        images.remove("OldImage");
        assertEquals(1, handle(localFunction(), event).path("no_change").asInt());
        assertEquals(0, requests.get());
    }

    @Test
    void aReceiverFailingWith5xx_getsOneRetry_a4xxNone_andARedirectIsNotFollowed() throws Exception {
        CallbackSender sender = new CallbackSender(true);
        answers = List.of(503, 200);
        assertEquals(CallbackSender.Outcome.DELIVERED, sender.send(url("/cb"), "e1", "{}"));
        assertEquals(2, requests.getAndSet(0));

        answers = List.of(404);
        assertEquals(CallbackSender.Outcome.FAILED, sender.send(url("/cb"), "e2", "{}"));
        assertEquals(1, requests.getAndSet(0));

        answers = List.of(500);
        assertEquals(CallbackSender.Outcome.FAILED, sender.send(url("/cb"), "e3", "{}"));
        assertEquals(2, requests.getAndSet(0));

        answers = List.of(302);
        assertEquals(CallbackSender.Outcome.FAILED, sender.send(url("/cb"), "e4", "{}"));
        assertEquals(0, redirectTargetHits.get());
    }

    @Test
    void aDeployedFunction_refusesCallbacksToThisMachineOrItsNetwork_withoutSendingAnything() throws Exception {
        ObjectNode event = sampleEvent();
        setUrl(event, url("/cb"));
        JsonNode result = handle(Env.hosting(Env.of(Map.of()), CallbackHandler::new), event);
        assertEquals(1, result.path("refused_url").asInt(), result.toString());
        assertEquals(0, requests.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost/cb", "http://127.0.0.1/cb", "http://10.0.0.5/cb", "http://172.16.3.4/cb",
            "http://192.168.1.1/cb", "http://169.254.169.254/latest/meta-data", "http://100.64.0.1/cb",
            "http://[::1]/cb", "http://[fd00::1]/cb", "http://[fe80::1]/cb", "http://0.0.0.0/cb",
            "ftp://93.184.215.14/cb", "http://user:pw@93.184.215.14/cb", "not a url", "https:///nohost",
            "file:///etc/passwd", "javascript:alert(1)"})
    void urlsThatAreNotPublicHttp_areRefused(String url) {
        assertTrue(new CallbackSender(false).allowed(url).isEmpty(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://93.184.215.14/cb", "https://8.8.8.8:8443/x?y=1",
            "http://[2001:4860:4860::8888]/cb"})
    void publicAddresses_areAllowed(String url) {
        assertTrue(new CallbackSender(false).allowed(url).isPresent(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080/cb", "http://api.localhost/cb", "http://metadata.google.internal/x",
            "http://127.0.0.1/cb", "http://169.254.169.254/latest", "http://[::1]/cb", "http://10.1.2.3/cb",
            "ftp://example.com/cb", "http://u:p@example.com/cb", "https:///x"})
    void whenACallIsPlaced_anObviouslyPrivateOrMalformedCallback_isRefused(String url) {
        assertFalse(CallbackSender.plausible(url, false), url);
    }

    @Test
    void whenACallIsPlaced_aPublicNameOrAddress_isAccepted_andTheLocalStackAcceptsLocalhost() {
        assertTrue(CallbackSender.plausible("https://hooks.example.com/arkenos?x=1", false));
        assertTrue(CallbackSender.plausible("http://93.184.215.14:8080/cb", false));
        assertTrue(CallbackSender.plausible("http://127.0.0.1:9999/cb", true));
        assertFalse(CallbackSender.plausible("ftp://127.0.0.1/cb", true));
    }

    @Test
    void priming_sendsNothing_evenWhereTheLocalStackAllowsPrivateHosts() {
        CallbackHandler local = localFunction();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.function.Consumer<String> sink = lines::add;
        com.arkenos.telephony.core.log.Log.addSink(sink);
        try {
            local.prime();
        } finally {
            com.arkenos.telephony.core.log.Log.removeSink(sink);
        }
        assertEquals(0, requests.get());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"primed\"")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("callback_refused")), lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.contains("priming_failed")), lines.toString());
    }
}
