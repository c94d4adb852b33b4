package com.arkenos.local.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/**
 * Independent {@link World}s that cases run on side by side. A case owns its world while it runs (faults are
 * injected per provider operation, so two cases must never share a sandbox), and the lanes take cases from one
 * queue. The count comes from {@code -Dreliability.lanes} (default 3).
 */
final class Lanes implements AutoCloseable {
    private final List<World> worlds;

    private Lanes(List<World> worlds) {
        this.worlds = worlds;
    }

    /** Starts the worlds one after the other: DynamoDB Local parses its options through static, unsafe state. */
    static Lanes start(int count) {
        List<World> worlds = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                worlds.add(World.start("lane-" + (i + 1)));
            }
            return new Lanes(worlds);
        } catch (RuntimeException e) {
            worlds.forEach(World::close);
            throw new IllegalStateException("the suite's local stacks did not start", e);
        }
    }

    static int defaultCount() {
        return Integer.getInteger("reliability.lanes", 3);
    }

    int size() {
        return worlds.size();
    }

    World world(int i) {
        return worlds.get(i % worlds.size());
    }

    /**
     * Runs {@code work} for every job, each lane taking the next job when it is free; returns when all are done.
     * A job that throws is rethrown after the others finished.
     */
    <T> void parallel(List<T> jobs, BiConsumer<World, T> work) {
        ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>(jobs);
        ExecutorService pool = Executors.newFixedThreadPool(worlds.size());
        List<Future<?>> running = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (World w : worlds) {
            running.add(pool.submit(() -> {
                T job;
                while ((job = queue.poll()) != null) {
                    try {
                        work.accept(w, job);
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                }
            }));
        }
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
        if (!errors.isEmpty()) {
            IllegalStateException e = new IllegalStateException(
                    errors.size() + " job(s) failed; first: " + errors.get(0), errors.get(0));
            throw e;
        }
    }

    @Override
    public void close() {
        worlds.forEach(World::close);
    }
}
