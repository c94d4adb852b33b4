package com.arkenos.telephony.core.auth;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpRequest;

/**
 * The agent worker's credential for the lookup endpoint and its read of an agent: a shared key sent as
 * {@code x-worker-key} (or {@code Authorization: Bearer ...}). Deployed, the secret the template names
 * ({@code WORKER_KEY_SECRET_ARN}); locally {@code WORKER_KEY} ({@link KeySecret}). Without a configured key every
 * request is refused: the endpoint returns system prompts.
 */
public final class WorkerKey {
    private final KeySecret key;

    private WorkerKey(KeySecret key) {
        this.key = key;
    }

    public static WorkerKey fixed(String key) {
        return new WorkerKey(new KeySecret(() -> key, () -> { }));
    }

    public static WorkerKey from(Env env) {
        return new WorkerKey(KeySecret.from(env, "WORKER_KEY_SECRET_ARN", "WORKER_KEY"));
    }

    /** Reads the key now (the lookup's init), so that no live call waits for Secrets Manager. */
    public WorkerKey load() {
        key.load();
        return this;
    }

    /** SnapStart priming: builds the Secrets Manager client, without a request. */
    public void prime() {
        key.prime();
    }

    public void check(HttpRequest req) {
        String presented = req.header("x-worker-key").orElseGet(() -> req.header("authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).strip()).orElse(null));
        if (presented == null || presented.isEmpty()) {
            throw ApiError.unauthorized("the agent worker's key is required (x-worker-key header)");
        }
        if (!key.matches(presented)) {
            throw ApiError.unauthorized("the worker key is not valid");
        }
    }
}
