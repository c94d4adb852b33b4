package com.arkenos.telephony.testing;

import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.Router;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Several handlers served as API Gateway serves their routes, for tests that walk through an API (create an agent,
 * then read it): each event goes to the handler of its route; an unknown route gets the API's JSON 404 or 405.
 */
public final class Routes {
    private final Router router = new Router();

    private Routes(List<HttpFunction> handlers) {
        for (HttpFunction h : handlers) {
            for (String key : h.routeKeys()) {
                int space = key.indexOf(' ');
                router.on(key.substring(0, space), key.substring(space + 1), h::handle);
            }
        }
    }

    public static Routes of(HttpFunction... handlers) {
        return new Routes(List.of(handlers));
    }

    public HttpResponse handle(JsonNode event) {
        try {
            return router.dispatch(HttpRequest.fromEvent(event));
        } catch (ApiError e) {
            return HttpResponse.error(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
