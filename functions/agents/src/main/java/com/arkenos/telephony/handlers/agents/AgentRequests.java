package com.arkenos.telephony.handlers.agents;

import com.arkenos.telephony.core.Ids;
import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.agents.AgentConfig;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.JsonBody;

import java.util.Optional;

/** What the agents routes read from a request, the same way for each of them. */
final class AgentRequests {
    static final int MAX_AGENT_BODY = AgentConfig.MAX_BYTES + 4 * 1024;
    static final String NEXT_CURSOR_HEADER = "x-next-cursor";

    private AgentRequests() {
    }

    /** Ids are UUIDs; anything else cannot name an agent, so it is answered like an unknown one. */
    static String agentId(HttpRequest req) {
        String id = req.pathParameter("id");
        if (!Ids.isUuid(id)) {
            throw ApiError.notFound("agent not found");
        }
        return id;
    }

    /** The dashboard sends its user's id in the body too; it may only name the caller. */
    static void requireCaller(JsonBody body, String owner) {
        body.optionalString("user_id", 128).ifPresent(u -> {
            if (!u.equals(owner)) {
                throw new ApiError(403, "identity_mismatch", "user_id does not match the caller's identity");
            }
        });
    }

    /** The profile fields the body sets over {@code base}; {@code description: null} clears it. */
    static Agent.Profile profile(JsonBody body, Agent.Profile base) {
        String description = body.has("description")
                ? body.optionalString("description", 1000).orElse(null) : base.description();
        return new Agent.Profile(description,
                body.optionalOneOf("type", Agent.Profile.TYPES).orElse(base.type()),
                body.optionalOneOf("agent_mode", Agent.Profile.MODES).orElse(base.agentMode()));
    }

    /** {@code active} is the field; {@code is_active} is accepted because the product's dashboard sends it. */
    static Optional<Boolean> activeFlag(JsonBody body) {
        Optional<Boolean> a = body.optionalBoolean("active");
        Optional<Boolean> b = body.optionalBoolean("is_active");
        if (a.isPresent() && b.isPresent() && !a.equals(b)) {
            throw ApiError.badRequest("invalid_active", "'active' and 'is_active' disagree");
        }
        return a.isPresent() ? a : b;
    }

    /** The version an update read: its {@code version} field or its {@code If-Match} header, which must agree. */
    static Optional<Long> expectedVersion(HttpRequest req, JsonBody body) {
        Optional<Long> fromBody = body.optionalLong("version", 1, Long.MAX_VALUE);
        Optional<String> ifMatch = req.header("if-match");
        if (ifMatch.isEmpty()) {
            return fromBody;
        }
        String tag = ifMatch.get().replace("W/", "").replace("\"", "").strip();
        try {
            long v = Long.parseLong(tag);
            if (fromBody.isPresent() && fromBody.get() != v) {
                throw ApiError.badRequest("invalid_version", "If-Match and 'version' disagree");
            }
            return Optional.of(v);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid_version", "If-Match must hold the agent's version number");
        }
    }
}
