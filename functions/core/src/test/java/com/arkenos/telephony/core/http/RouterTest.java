package com.arkenos.telephony.core.http;

import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RouterTest {
    private static HttpRequest request(String method, String path, String routeKey) {
        ObjectNode e = Json.object();
        e.put("rawPath", path);
        e.put("routeKey", routeKey);
        e.putObject("requestContext").putObject("http").put("method", method);
        return HttpRequest.fromEvent(e);
    }

    private final Router router = new Router()
            .on("GET", "/api/things/{id}", r -> HttpResponse.ok(Json.object().put("id", r.pathParameter("id"))))
            .on("GET", "/api/things/search", r -> HttpResponse.ok(Json.object().put("search", true)));

    @Test
    void dispatch_byRouteKey_usesTheGatewaysChoice() throws Exception {
        assertEquals("{\"search\":true}",
                router.dispatch(request("GET", "/api/things/search", "GET /api/things/search")).body());
    }

    @Test
    void dispatch_byPath_decodesParametersAndKeepsPlus() throws Exception {
        assertEquals("{\"id\":\"+1 2\"}", router.dispatch(request("GET", "/api/things/+1%202", "$default")).body());
    }

    @Test
    void dispatch_whenMethodWrong_is405_andUnknownPath404() {
        assertEquals(405, assertThrows(ApiError.class,
                () -> router.dispatch(request("POST", "/api/things/x", "$default"))).status());
        assertEquals(404, assertThrows(ApiError.class,
                () -> router.dispatch(request("GET", "/nope", "$default"))).status());
        assertEquals(400, assertThrows(ApiError.class,
                () -> router.dispatch(request("GET", "/api/things/%zz", "$default"))).status());
    }

    @Test
    void jsonBody_refusesOversizedDuplicateKeysAndNonObjects() {
        ObjectNode e = Json.object();
        e.putObject("requestContext").putObject("http").put("method", "POST");
        e.put("body", "{\"a\":1,\"a\":2}");
        assertEquals("invalid_json", assertThrows(ApiError.class, () -> HttpRequest.fromEvent(e).jsonBody()).code());
        e.put("body", "[1]");
        assertEquals("invalid_json", assertThrows(ApiError.class, () -> HttpRequest.fromEvent(e).jsonBody()).code());
        e.put("body", "{\"a\":\"" + "x".repeat(70_000) + "\"}");
        assertEquals(413, assertThrows(ApiError.class, () -> HttpRequest.fromEvent(e).jsonBody()).status());
    }
}
