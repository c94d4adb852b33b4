package com.arkenos.telephony.core.http;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.errors.ConflictException;
import com.arkenos.telephony.core.errors.ForbiddenException;
import com.arkenos.telephony.core.errors.IdempotencyKeyReusedException;
import com.arkenos.telephony.core.errors.InvalidInputException;
import com.arkenos.telephony.core.errors.LimitExceededException;
import com.arkenos.telephony.core.errors.NotFoundException;
import com.arkenos.telephony.core.errors.ProviderRejectedException;
import com.arkenos.telephony.core.errors.ProviderUnavailableException;
import com.arkenos.telephony.core.errors.TelephonyException;
import com.arkenos.telephony.core.errors.TooLargeException;
import com.arkenos.telephony.core.errors.UnavailableException;
import com.arkenos.telephony.testing.Events;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each kind of domain refusal answers the status it always had, with the error body every error has. */
class HttpErrorsTest {
    @Test
    void eachKind_answersItsStatus_withItsCodeAndMessage() throws Exception {
        Map<TelephonyException, Integer> kinds = new LinkedHashMap<>();
        kinds.put(new NotFoundException("agent not found"), 404);
        kinds.put(new ConflictException("operation_in_progress", "+15105550100 is RELEASING"), 409);
        kinds.put(new InvalidInputException("invalid_cursor", "cursor is not one this API returned"), 400);
        kinds.put(new TooLargeException("config_too_large", "config exceeds 65536 bytes"), 413);
        kinds.put(new ForbiddenException("destination_not_allowed", "calls to JM are not allowed"), 403);
        kinds.put(new IdempotencyKeyReusedException("this Idempotency-Key was used for a different request"), 422);
        kinds.put(new LimitExceededException("concurrent_call_limit", "this owner already has 10 calls"), 429);
        kinds.put(new ProviderRejectedException("provider_error", "Twilio refused the request (21452)"), 502);
        kinds.put(new ProviderUnavailableException("provider_unavailable", "Twilio is unavailable (timeout)"), 503);
        kinds.put(new UnavailableException("workflow_unavailable", "the provision workflow could not start"), 503);
        for (Map.Entry<TelephonyException, Integer> k : kinds.entrySet()) {
            HttpResponse r = HttpErrors.response(k.getKey());
            JsonNode body = Json.parse(r.body());
            assertEquals(k.getValue(), r.status(), k.getKey().code());
            assertEquals(k.getKey().code(), body.at("/error/code").asText());
            assertEquals(k.getKey().getMessage(), body.at("/error/message").asText());
            assertEquals(k.getKey().getMessage(), body.get("detail").asText());
            assertEquals(Map.of("content-type", "application/json"), r.headers());
        }
    }

    @Test
    void aRefusalThrownByAHandler_isAnsweredLikeTheApiErrorItReplaces() throws Exception {
        HttpFunction domainFn = new HttpFunction("GET /api/things/{id}") {
            @Override
            protected HttpResponse serve(HttpRequest request) {
                throw new NotFoundException("thing not found");
            }
        };
        HttpFunction httpFn = new HttpFunction("GET /api/others/{id}") {
            @Override
            protected HttpResponse serve(HttpRequest request) {
                throw ApiError.notFound("thing not found");
            }
        };
        HttpResponse domain = domainFn.handle(Events.http("GET", "/api/things/t1", Map.of(), null)
                .put("routeKey", "GET /api/things/{id}"));
        HttpResponse http = httpFn.handle(Events.http("GET", "/api/others/t1", Map.of(), null)
                .put("routeKey", "GET /api/others/{id}"));
        assertEquals(404, domain.status());
        assertEquals(http.headers(), domain.headers());
        assertEquals(http.body(), domain.body());
    }
}
