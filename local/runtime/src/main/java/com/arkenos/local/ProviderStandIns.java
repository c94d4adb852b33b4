package com.arkenos.local;

import com.arkenos.devkit.livekit.LiveKitSandbox;
import com.arkenos.devkit.twilio.TwilioSandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Twilio and LiveKit for the local stack: the real services when their credentials are in this process's
 * environment, otherwise the wire-compatible sandboxes. Either way the functions get the same variables.
 */
public final class ProviderStandIns implements AutoCloseable {
    private static final String ALPHANUMERIC = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final TwilioSandbox twilio;
    private final LiveKitSandbox livekit;
    private final Map<String, String> env;

    private ProviderStandIns(TwilioSandbox twilio, LiveKitSandbox livekit, Map<String, String> env) {
        this.twilio = twilio;
        this.livekit = livekit;
        this.env = Map.copyOf(env);
    }

    /**
     * @param twilioPort  port of the Twilio sandbox (0 = any)
     * @param livekitPort port of the LiveKit sandbox (0 = any)
     * @param stateDir    where the sandboxes' state and a generated termination password are kept across
     *                    restarts ({@code twilio-sandbox.json}, {@code livekit-sandbox.json}), or null for memory
     */
    public static ProviderStandIns start(Map<String, String> processEnv, int twilioPort, int livekitPort,
            Path stateDir) {
        Map<String, String> env = new LinkedHashMap<>();
        TwilioSandbox twilio = null;
        if (present(processEnv, "TWILIO_ACCOUNT_SID") && present(processEnv, "TWILIO_AUTH_TOKEN")) {
            copy(processEnv, env, "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_BASE_URL");
        } else {
            twilio = TwilioSandbox.start(twilioPort, TwilioSandbox.DEFAULT_ACCOUNT_SID,
                    TwilioSandbox.DEFAULT_AUTH_TOKEN, stateFile(stateDir, "twilio-sandbox.json"));
            env.put("TWILIO_ACCOUNT_SID", twilio.accountSid());
            env.put("TWILIO_AUTH_TOKEN", twilio.authToken());
            env.put("TWILIO_API_BASE_URL", twilio.baseUrl());
        }
        LiveKitSandbox livekit = null;
        if (present(processEnv, "LIVEKIT_URL") && present(processEnv, "LIVEKIT_API_KEY")
                && present(processEnv, "LIVEKIT_API_SECRET")) {
            copy(processEnv, env, "LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "LIVEKIT_SIP_URI");
        } else {
            livekit = LiveKitSandbox.start(livekitPort, LiveKitSandbox.DEFAULT_API_KEY,
                    LiveKitSandbox.DEFAULT_API_SECRET, stateFile(stateDir, "livekit-sandbox.json"));
            env.put("LIVEKIT_URL", livekit.url());
            env.put("LIVEKIT_API_KEY", livekit.apiKey());
            env.put("LIVEKIT_API_SECRET", livekit.apiSecret());
            env.put("LIVEKIT_SIP_URI", "sip.livekit.sandbox.local");
        }
        env.put("TERMINATION_USERNAME", processEnv.getOrDefault("TERMINATION_USERNAME", "arkenos-lk"));
        env.put("TERMINATION_PASSWORD", present(processEnv, "TERMINATION_PASSWORD")
                ? processEnv.get("TERMINATION_PASSWORD") : terminationPassword(stateDir));
        env.put("WORKER_KEY", processEnv.getOrDefault("WORKER_KEY", "local-worker-key"));
        // Optional gateway timeouts (the reliability suite shortens them to inject timeouts quickly).
        copy(processEnv, env, "TWILIO_CONNECT_TIMEOUT_MS", "TWILIO_READ_TIMEOUT_MS", "LIVEKIT_CONNECT_TIMEOUT_MS",
                "LIVEKIT_READ_TIMEOUT_MS");
        return new ProviderStandIns(twilio, livekit, env);
    }

    /** The variables every function gets: provider credentials, the termination password, the worker key. */
    public Map<String, String> env() {
        return env;
    }

    public TwilioSandbox twilioSandbox() {
        return twilio;
    }

    public LiveKitSandbox liveKitSandbox() {
        return livekit;
    }

    public String describe() {
        StringBuilder b = new StringBuilder();
        if (twilio != null) {
            b.append("Twilio sandbox  ").append(twilio.baseUrl()).append("  account ").append(twilio.accountSid())
                    .append("  token ").append(twilio.authToken()).append(kept(twilio.stateFile())).append('\n')
                    .append("                (SDKs: send https://api.twilio.com/... and "
                            + "https://trunking.twilio.com/... to ")
                    .append(twilio.baseUrl()).append("/api/... and /trunking/...)\n");
        } else {
            b.append("Twilio          real service (TWILIO_ACCOUNT_SID from the environment)\n");
        }
        if (livekit != null) {
            b.append("LiveKit sandbox ").append(livekit.url()).append("  key ").append(livekit.apiKey())
                    .append("  secret ").append(livekit.apiSecret()).append(kept(livekit.stateFile())).append('\n');
        } else {
            b.append("LiveKit         ").append(env.get("LIVEKIT_URL")).append(" (from the environment)\n");
        }
        b.append("Worker key      x-worker-key: ").append(env.get("WORKER_KEY"));
        return b.toString();
    }

    private static Path stateFile(Path stateDir, String name) {
        return stateDir == null ? null : stateDir.resolve(name);
    }

    private static String terminationPassword(Path stateDir) {
        Path file = stateDir == null ? null : stateDir.resolve("termination-password");
        try {
            if (file != null && Files.isRegularFile(file)) {
                return Files.readString(file).strip();
            }
            SecureRandom random = new SecureRandom();
            StringBuilder p = new StringBuilder("Lk9");
            for (int i = 0; i < 29; i++) {
                p.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
            }
            if (file != null) {
                Files.createDirectories(stateDir);
                Files.writeString(file, p.toString());
            }
            return p.toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the termination password in " + file, e);
        }
    }

    private static String kept(java.util.Optional<Path> file) {
        return file.map(f -> "  (state in " + f + ")").orElse("  (in memory)");
    }

    private static boolean present(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    private static void copy(Map<String, String> from, Map<String, String> to, String... names) {
        for (String n : names) {
            if (present(from, n)) {
                to.put(n, from.get(n));
            }
        }
    }

    @Override
    public void close() {
        if (twilio != null) {
            twilio.close();
        }
        if (livekit != null) {
            livekit.close();
        }
    }
}
