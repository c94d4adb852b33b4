package com.arkenos.telephony.core.agents;

import com.arkenos.telephony.core.http.JsonTrees;
import com.arkenos.telephony.core.errors.InvalidInputException;
import com.arkenos.telephony.core.errors.TooLargeException;
import com.arkenos.telephony.core.http.Text;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Checks the fields of an agent's config that the agent worker reads (the product's §3 list); any other key is the
 * dashboard's business and is kept as sent.
 */
public final class AgentConfig {
    public static final int MAX_BYTES = 48 * 1024;
    private static final Map<String, Integer> TEXT_FIELDS = Map.of(
            "system_prompt", 32_000, "first_message", 2_000, "voice_id", 200, "llm_provider", 100, "llm_model", 200);
    private static final Set<String> FIRST_MESSAGE_MODES = Set.of("assistant_speaks_first", "assistant_waits");
    private static final Set<String> STT_PROVIDERS = Set.of("assemblyai", "elevenlabs", "deepgram");

    private AgentConfig() {
    }

    public static ObjectNode validate(ObjectNode config) {
        for (Map.Entry<String, Integer> f : TEXT_FIELDS.entrySet()) {
            JsonNode v = config.get(f.getKey());
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isTextual()) {
                throw invalid(f.getKey(), "must be a string");
            }
            if (v.asText().length() > f.getValue()) {
                throw invalid(f.getKey(), "is longer than " + f.getValue() + " characters");
            }
            if (Text.hasControlCharacters(v.asText(), true)) {
                throw invalid(f.getKey(), "contains control characters");
            }
        }
        oneOf(config, "first_message_mode", FIRST_MESSAGE_MODES);
        oneOf(config, "stt_provider", STT_PROVIDERS);
        for (String list : new String[] {"functions", "tools"}) {
            JsonNode v = config.get(list);
            if (v != null && !v.isNull()) {
                if (!v.isArray()) {
                    throw invalid(list, "must be an array");
                }
                for (JsonNode item : v) {
                    if (!item.isObject()) {
                        throw invalid(list, "must hold objects");
                    }
                }
            }
        }
        JsonNode hooks = config.get("webhooks");
        if (hooks != null && !hooks.isNull()) {
            WebhookConfig.validate(hooks);
        }
        if (JsonTrees.write(config).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new TooLargeException("config_too_large", "config exceeds " + MAX_BYTES + " bytes");
        }
        return config;
    }

    /** RFC 7396 merge patch: members set to null are removed, objects are merged, anything else replaces. */
    public static ObjectNode merge(ObjectNode target, ObjectNode patch) {
        ObjectNode out = target.deepCopy();
        patch.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                out.remove(e.getKey());
            } else if (v.isObject() && out.get(e.getKey()) instanceof ObjectNode existing) {
                out.set(e.getKey(), merge(existing, (ObjectNode) v));
            } else {
                out.set(e.getKey(), v.deepCopy());
            }
        });
        return out;
    }

    private static void oneOf(ObjectNode config, String field, Set<String> allowed) {
        JsonNode v = config.get(field);
        if (v != null && !v.isNull() && !(v.isTextual() && allowed.contains(v.asText()))) {
            throw invalid(field, "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
    }

    private static InvalidInputException invalid(String field, String problem) {
        return new InvalidInputException("invalid_config", "config." + field + " " + problem);
    }
}
