package com.arkenos.telephony.core.agents;

import com.arkenos.telephony.core.http.JsonTrees;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * A voice agent: what the worker needs to answer a call as this agent. {@code phoneNumber} is written only by the
 * number lifecycle, in the same transaction that moves the number.
 */
public record Agent(String id, String owner, String name, boolean active, ObjectNode config, String phoneNumber,
                    Instant createdAt, Instant updatedAt, long version) {

    public ObjectNode toJson() {
        ObjectNode o = JsonTrees.object();
        o.put("id", id);
        o.put("name", name);
        o.put("active", active);
        o.put("is_active", active);
        o.set("config", config.deepCopy());
        if (phoneNumber == null) {
            o.putNull("phone_number");
        } else {
            o.put("phone_number", phoneNumber);
        }
        o.put("created_at", createdAt.toString());
        o.put("updated_at", updatedAt.toString());
        o.put("version", version);
        return o;
    }
}
