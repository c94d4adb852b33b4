package com.arkenos.telephony.core.snapstart;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm-up runs beside its caller, never fails it, and is left to priming when priming. */
class BackgroundWarmUpTest {
    /** A handler of this jar (priming looks for its primers through the handler's class loader). */
    private static final class PrimedHandler {
    }

    @Test
    void runsOnItsOwnDaemonThread() throws InterruptedException {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        BackgroundWarmUp.start("Probe", () -> {
            ranOn.set(Thread.currentThread());
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS), "the warm-up ran");
        assertNotSame(Thread.currentThread(), ranOn.get());
        assertTrue(ranOn.get().isDaemon(), "a warm-up never keeps the JVM alive");
        assertEquals("warm-up-Probe", ranOn.get().getName());
    }

    @Test
    void aFailingWarmUpDoesNotReachTheCaller() throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        assertDoesNotThrow(() -> BackgroundWarmUp.start("Failing", () -> {
            reached.countDown();
            throw new NoClassDefFoundError("gone");
        }));
        assertTrue(reached.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aPrimingCopyStartsNone() throws InterruptedException {
        AtomicBoolean started = new AtomicBoolean();
        CountDownLatch primed = new CountDownLatch(1);
        SnapStart.prime(new PrimedHandler(), () -> {
            BackgroundWarmUp.start("PrimingCopy", () -> started.set(true));
            primed.countDown();
        });
        assertTrue(primed.await(10, TimeUnit.SECONDS));
        Thread.sleep(200);
        assertFalse(started.get(), "priming runs the real requests; no second warm-up beside it");
    }
}
