package com.arkenos.telephony.core.http;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.testing.Events;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrailingSlashFunctionTest {
    private final TrailingSlashFunction fn = new TrailingSlashFunction();

    @Test
    void aPathWithTrailingSlashes_isRedirectedWithItsQuery_methodKept() throws Exception {
        HttpResponse r = fn.handle(Events.http("POST", "/api/agents/", Map.of(), "{\"name\":\"A\"}"));
        assertEquals(308, r.status());
        assertEquals("/api/agents", r.headers().get("location"));
        assertEquals("trailing_slash", Json.parse(r.body()).at("/error/code").asText());
        HttpResponse q = fn.handle(Events.http("GET", "/api/agents//?limit=5&cursor=a%2Bb", Map.of(), null));
        assertEquals(308, q.status());
        assertEquals("/api/agents?limit=5&cursor=a%2Bb", q.headers().get("location"));
    }

    @Test
    void anyOtherUnknownPath_isTheJson404() throws Exception {
        for (String path : new String[] {"/api/no-such-route", "/", "/api//agents/"}) {
            HttpResponse r = fn.handle(Events.http("GET", path, Map.of(), null));
            assertEquals(404, r.status(), path);
            assertEquals("not_found", Json.parse(r.body()).at("/error/code").asText());
            assertEquals(Json.parse(r.body()).at("/error/message").asText(),
                    Json.parse(r.body()).get("detail").asText());
        }
    }
}
