package com.arkenos.telephony.core.auth;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker's key is read at init and re-read off the request path (issue 17's live call). */
class KeySecretTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<String> stored = new AtomicReference<>("key-1");

    private KeySecret loaded(java.util.function.Supplier<String> source) {
        KeySecret key = new KeySecret(source, () -> { }, clock::get);
        key.load();
        return key;
    }

    private String read() {
        reads.incrementAndGet();
        return stored.get();
    }

    @Test
    void aKeyReadAtInit_answersRequestsWithoutReadingAgain() {
        KeySecret key = loaded(this::read);
        assertEquals(1, reads.get());

        for (int i = 0; i < 100; i++) {
            assertTrue(key.matches("key-1"));
        }
        clock.addAndGet(KeySecret.REFRESH.toNanos() - 1);
        assertTrue(key.matches("key-1"));
        assertEquals(1, reads.get(), "a fresh key is never read again on a request");
    }

    @Test
    void aStaleKey_isReReadInTheBackground_whileTheRequestIsAnsweredWithTheHeldOne() throws Exception {
        CountDownLatch readStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        KeySecret key = loaded(() -> {
            if (calls.incrementAndGet() > 1) {
                readStarted.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS); // Secrets Manager being slow
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "key-2";
            }
            return "key-1";
        });
        clock.addAndGet(KeySecret.REFRESH.toNanos() + 1);

        long start = System.nanoTime();
        assertTrue(key.matches("key-1"), "the held key answers while the re-read runs");
        assertTrue(key.matches("key-1"));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "the request did not wait for the read");
        assertTrue(readStarted.await(5, TimeUnit.SECONDS), "the re-read started");
        assertEquals(2, calls.get(), "one background re-read, however many requests saw the key stale");

        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!key.matches("key-2") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(key.matches("key-2"), "the rotated key is held once the re-read finished");
    }

    @Test
    void aRotatedKey_isLetInAtOnce_butWrongKeysReadAtMostOncePerInterval() {
        KeySecret key = loaded(this::read);
        stored.set("key-2"); // rotated; the worker got the new key first

        assertTrue(key.matches("key-2"));
        assertEquals(2, reads.get());

        for (int i = 0; i < 50; i++) {
            assertFalse(key.matches("guess-" + i));
        }
        assertEquals(2, reads.get(), "guesses within the interval cause no read");
        clock.addAndGet(KeySecret.MISMATCH_REREAD.toNanos() + 1);
        assertFalse(key.matches("guess"));
        assertEquals(3, reads.get());
        assertFalse(key.matches(""));
        assertFalse(key.matches(null));
    }

    @Test
    void aKeyThatCouldNotBeReadAtInit_isReadByTheFirstRequest() {
        AtomicInteger calls = new AtomicInteger();
        KeySecret key = loaded(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("Secrets Manager unreachable");
            }
            return "key-1";
        });

        assertTrue(key.matches("key-1"));
        assertEquals(2, calls.get());
    }
}
