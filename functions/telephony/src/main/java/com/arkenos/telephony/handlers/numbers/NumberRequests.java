package com.arkenos.telephony.handlers.numbers;

import com.arkenos.telephony.core.Ids;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.JsonBody;
import com.arkenos.telephony.core.phone.PhoneNumbers;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumbersService;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** What the numbers routes read from a request and how they answer a number, the same way for each of them. */
final class NumberRequests {
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");

    private NumberRequests() {
    }

    /** The number a release, retry or provision names: exactly one of its phone number or its agent. */
    static NumbersService.Target target(HttpRequest req) {
        JsonBody body = req.jsonBody().allowOnly(Set.of("agent_id", "phone_number"));
        boolean hasAgent = body.has("agent_id");
        boolean hasPhone = body.has("phone_number");
        if (hasAgent == hasPhone) {
            throw ApiError.badRequest("missing_field", "send exactly one of agent_id or phone_number");
        }
        return hasPhone
                ? new NumbersService.Target(PhoneNumbers.requireE164("phone_number",
                        body.requiredString("phone_number", 32)), null)
                : new NumbersService.Target(null, agentId(body, "agent_id"));
    }

    /** The number and the agent a buy or an assign names: {@code {"phone_number", "agent_id"}}, nothing else. */
    record NumberForAgent(String phone, String agentId) {
    }

    static NumberForAgent numberForAgent(HttpRequest req) {
        JsonBody body = req.jsonBody().allowOnly(Set.of("phone_number", "agent_id"));
        String phone = PhoneNumbers.requireE164("phone_number", body.requiredString("phone_number", 32));
        return new NumberForAgent(phone, agentId(body, "agent_id"));
    }

    /** Ids are UUIDs; anything else cannot name an agent, so it is answered like an unknown one. */
    static String agentId(JsonBody body, String field) {
        String id = body.requiredString(field, 64);
        if (!Ids.isUuid(id)) {
            throw ApiError.notFound("agent not found");
        }
        return id;
    }

    /** The request's Idempotency-Key header, when it has a valid one. */
    static Optional<String> idempotencyKey(HttpRequest req) {
        Optional<String> key = req.header("idempotency-key");
        if (key.isPresent() && !IDEMPOTENCY_KEY.matcher(key.get()).matches()) {
            throw ApiError.badRequest("invalid_idempotency_key",
                    "Idempotency-Key must be 1-128 of A-Z a-z 0-9 _ . : -");
        }
        return key;
    }

    static HttpResponse number(NumberRecord r) {
        return HttpResponse.ok(r.toJson(NumbersService.stepsOf(r)));
    }
}
