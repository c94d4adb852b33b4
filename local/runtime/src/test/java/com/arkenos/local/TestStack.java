package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;

/** One in-memory local runtime per test JVM, shared by the tests that do not need a fresh one. */
public final class TestStack {
    private static LocalRuntime runtime;
    private static Http http;

    private TestStack() {
    }

    public static synchronized LocalRuntime runtime() {
        if (runtime == null) {
            runtime = LocalRuntime.create(SamTemplate.find(), new LocalRuntime.Options(0, "127.0.0.1", true, null)
                    .withTimeScale(0.01).withProcessEnv(java.util.Map.of()));
            try {
                http = new Http("http://127.0.0.1:" + runtime.serve("127.0.0.1", 0).port());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
        }
        return runtime;
    }

    /** Empties every table and the sandboxes, so a test starts from a new deployment. */
    public static synchronized void reset() {
        runtime();
        runtime.dynamo().clear();
        if (runtime.providers().twilioSandbox() != null) {
            runtime.providers().twilioSandbox().reset();
            runtime.providers().twilioSandbox().faults().clearFaults();
            runtime.providers().twilioSandbox().faults().resetCounts();
        }
        if (runtime.providers().liveKitSandbox() != null) {
            runtime.providers().liveKitSandbox().reset();
            runtime.providers().liveKitSandbox().faults().clearFaults();
            runtime.providers().liveKitSandbox().faults().resetCounts();
        }
    }

    public static synchronized Http http() {
        runtime();
        return http;
    }
}
