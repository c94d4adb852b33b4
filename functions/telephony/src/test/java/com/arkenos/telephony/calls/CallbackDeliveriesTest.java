package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.auth.CallbackSigning;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two owners' receivers in one stream batch: one that never answers, one that answers at once. The second's callback
 * must not wait for the first's (it waited 58 s before the lanes). Real HTTP servers on loopback.
 */
class CallbackDeliveriesTest {
    private final List<HttpServer> servers = new ArrayList<>();
    private final CallbackSigning signing = CallbackSigning.fixed("test-signing-key");

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private String receiver(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        s.createContext("/", handler);
        s.start();
        servers.add(s);
        return "http://127.0.0.1:" + s.getAddress().getPort() + "/hook";
    }

    private static CallStatusNotification notification(String url, String owner, int n) {
        return new CallStatusNotification(url, "event-" + owner + "-" + n, owner,
                "{\"event\":\"call.status_changed\",\"n\":" + n + "}");
    }

    @Test
    void aReceiverThatNeverAnswers_doesNotDelayAnotherOwnersCallback() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        String slow = receiver(ex -> {
            try {
                never.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicLong arrived = new AtomicLong();
        AtomicReference<Map<String, String>> headers = new AtomicReference<>();
        AtomicReference<String> body = new AtomicReference<>();
        String fast = receiver(ex -> {
            arrived.set(System.nanoTime());
            headers.set(Map.of("ts", ex.getRequestHeaders().getFirst("x-arkenos-timestamp"),
                    "sig", ex.getRequestHeaders().getFirst("x-arkenos-signature")));
            body.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        // The slow receiver's callbacks come first in the batch, as they did when it held everyone back.
        List<CallStatusNotification> batch = List.of(notification(slow, "owner-a", 1), notification(slow, "owner-a", 2),
                notification(slow, "owner-a", 3), notification(fast, "owner-b", 1));
        long start = System.nanoTime();
        Map<String, Integer> outcomes = new CallbackDeliveries(new CallbackSender(true), signing).deliver(batch);
        long took = System.nanoTime() - start;
        never.countDown();
        double fastMs = (arrived.get() - start) / 1e6;
        System.out.printf("two receivers: the answering one's callback after %.0f ms; the batch took %.1f s;"
                + " outcomes %s%n", fastMs, took / 1e9, outcomes);

        assertTrue(fastMs < 2_000, "the other owner's callback waited " + fastMs + " ms");
        assertEquals(1, outcomes.get("delivered"), outcomes.toString());
        assertEquals(1, outcomes.get("failed"), "the slow receiver's first callback, after its attempts");
        assertEquals(2, outcomes.get("skipped"), "the rest of its lane, once its 10 s were spent");
        assertTrue(took < 20_000_000_000L, "the batch is bounded by one lane's budget and one delivery");
        assertEquals(signing.signature("owner-b", Long.parseLong(headers.get().get("ts")), body.get()),
                headers.get().get("sig"), "signed for its owner");
    }

    /** Each byte restarts the socket's read timeout, so only the batch's own deadline bounds this receiver. */
    @Test
    void aReceiverThatTricklesItsAnswer_isLeftBehind_atTheBatchDeadline() throws Exception {
        java.net.ServerSocket trickle = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (java.net.Socket s = trickle.accept()) {
                for (byte b : "HTTP/1.1 200 OK\r\nx-slow: ".getBytes(StandardCharsets.US_ASCII)) {
                    s.getOutputStream().write(b);
                    s.getOutputStream().flush();
                    Thread.sleep(1_000);
                }
                Thread.sleep(60_000);
            } catch (Exception e) {
                // the test ended
            }
        });
        t.setDaemon(true);
        t.start();
        String fast = receiver(ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        List<CallStatusNotification> batch = List.of(
                notification("http://127.0.0.1:" + trickle.getLocalPort() + "/hook", "owner-a", 1),
                notification(fast, "owner-b", 1));
        long start = System.nanoTime();
        Map<String, Integer> outcomes = new CallbackDeliveries(new CallbackSender(true), signing,
                java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(4)).deliver(batch);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        trickle.close();
        System.out.printf("trickling receiver: the batch answered after %d ms; outcomes %s%n", tookMs, outcomes);
        assertEquals(1, outcomes.get("delivered"), outcomes.toString());
        assertEquals(1, outcomes.get("abandoned"), outcomes.toString());
        assertTrue(tookMs < 6_000, "the batch waited " + tookMs + " ms");
    }

    @Test
    void oneReceiversCallbacks_arriveInOrder() throws Exception {
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        String url = receiver(ex -> {
            seen.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        List<CallStatusNotification> batch = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            batch.add(notification(url, "owner-c", i));
        }
        assertEquals(Map.of("delivered", 5), new CallbackDeliveries(new CallbackSender(true), signing).deliver(batch));
        for (int i = 0; i < 5; i++) {
            assertTrue(seen.get(i).contains("\"n\":" + (i + 1)), seen.toString());
        }
    }
}
