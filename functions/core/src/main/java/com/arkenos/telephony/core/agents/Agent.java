package com.arkenos.telephony.core.agents;

import com.arkenos.telephony.core.http.JsonTrees;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Set;

/**
 * A voice agent: what the worker needs to answer a call as this agent. {@code phoneNumber} is written only by the
 * number lifecycle, in the same transaction that moves the number.
 */
public record Agent(String id, String owner, String name, boolean active, ObjectNode config, String phoneNumber,
                    Instant createdAt, Instant updatedAt, long version, Profile profile) {

    /**
     * How the dashboard files the agent: a description, the pipeline type and whether it is a configured
     * ({@code STANDARD}) or a code-driven ({@code CUSTOM}) agent. Nothing in telephony depends on them.
     */
    public record Profile(String description, String type, String agentMode) {
        public static final Set<String> TYPES = Set.of("STT", "LLM", "TTS", "PIPELINE");
        public static final Set<String> MODES = Set.of("STANDARD", "CUSTOM");
        public static final Profile DEFAULT = new Profile(null, "PIPELINE", "STANDARD");
    }

    public Agent(String id, String owner, String name, boolean active, ObjectNode config, String phoneNumber,
                 Instant createdAt, Instant updatedAt, long version) {
        this(id, owner, name, active, config, phoneNumber, createdAt, updatedAt, version, Profile.DEFAULT);
    }

    public Agent {
        profile = profile == null ? Profile.DEFAULT : profile;
    }

    /** The agent as the API answers it; {@code twilioSid} is its number's Twilio SID (or null), kept on the number. */
    public ObjectNode toJson(String twilioSid) {
        ObjectNode o = JsonTrees.object();
        o.put("id", id);
        o.put("user_id", owner);
        o.put("name", name);
        o.put("description", profile.description());
        o.put("type", profile.type());
        o.put("agent_mode", profile.agentMode());
        o.put("active", active);
        o.put("is_active", active);
        o.set("config", config.deepCopy());
        o.put("phone_number", phoneNumber);
        o.put("twilio_sid", phoneNumber == null ? null : twilioSid);
        o.put("created_at", createdAt.toString());
        o.put("updated_at", updatedAt.toString());
        o.put("version", version);
        return o;
    }
}
