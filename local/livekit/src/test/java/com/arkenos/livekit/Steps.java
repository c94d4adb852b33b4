package com.arkenos.livekit;

import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.providers.livekit.LiveKitGateway;
import retrofit2.Call;
import retrofit2.Response;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One scenario's run on one {@link Backend}: each step's outcome, canonical (see {@link Canon}) so that the two
 * LiveKits' runs can be compared line by line. A failed step does not stop the scenario; what it would have returned
 * is null, and the steps after it usually fail too (the first differing step is the one to look at).
 */
final class Steps {
    /** One step: its label, what was compared, and the error message (shown, not compared: wording differs). */
    record Step(String label, String outcome, String message) {
    }

    private final Backend backend;
    private final Canon canon = new Canon();
    private final List<Step> steps = new ArrayList<>();

    Steps(Backend backend) {
        this.backend = backend;
    }

    LiveKitGateway g() {
        return backend.gateway();
    }

    Backend backend() {
        return backend;
    }

    /** Runs {@code op} and records its outcome: the canonical result, or the error's kind, Twirp code and status. */
    <T> T step(String label, Supplier<T> op) {
        try {
            T result = op.get();
            steps.add(new Step(label, canon.of(result), ""));
            return result;
        } catch (ProviderException e) {
            String kind = e.transient_() ? "transient" : "permanent";
            steps.add(new Step(label, kind + " " + e.providerCode() + " " + e.httpStatus(),
                    canon.text(e.getMessage())));
            return null;
        } catch (RuntimeException e) {
            steps.add(new Step(label, "threw " + e.getClass().getSimpleName(),
                    canon.text(String.valueOf(e.getMessage()))));
            return null;
        }
    }

    void run(String label, Runnable op) {
        step(label, () -> {
            op.run();
            return null;
        });
    }

    /**
     * An SDK call outside the gateway (listing rooms and dispatches, which the gateway never reads back): the body
     * on success, else the HTTP status, in the same canonical form.
     */
    <T> T sdk(String label, Supplier<Call<T>> call) {
        try {
            Response<T> r = call.get().execute();
            if (r.isSuccessful()) {
                steps.add(new Step(label, canon.of(r.body()), ""));
                return r.body();
            }
            String body = r.errorBody() == null ? "" : r.errorBody().string();
            steps.add(new Step(label, "http " + r.code(), canon.text(body)));
        } catch (IOException e) {
            steps.add(new Step(label, "no answer " + e.getClass().getSimpleName(), String.valueOf(e.getMessage())));
        }
        return null;
    }

    /** The alias of an id, for a step label or a comparison. */
    String alias(String id) {
        return canon.id(id);
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }
}
