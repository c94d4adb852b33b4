package com.arkenos.telephony.core.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes a request to the handler of its route key ({@code "POST /api/agents/{id}"}), the way API Gateway
 * selected the integration. The template is the source of routes; the router only has to find the method that
 * serves each one. When the event carries no usable route key the raw path is matched against the same keys.
 */
public final class Router {
    @FunctionalInterface
    public interface Route {
        HttpResponse handle(HttpRequest request) throws Exception;
    }

    private record Entry(String method, String[] segments, String key, Route route) {}

    /** API Gateway's catch-all route key: requests that match no route of the API. */
    public static final String DEFAULT_ROUTE = "$default";

    private final List<Entry> entries = new ArrayList<>();
    private Route fallback;

    public Router on(String method, String pathTemplate, Route route) {
        String key = method + " " + pathTemplate;
        entries.add(new Entry(method, pathTemplate.substring(1).split("/"), key, route));
        return this;
    }

    /** Serves the {@value #DEFAULT_ROUTE} route: whatever no other route of the API matched. */
    public Router fallback(Route route) {
        this.fallback = route;
        return this;
    }

    /** Route keys this router serves, for checks against the template. */
    public List<String> routeKeys() {
        List<String> keys = new ArrayList<>(entries.stream().map(Entry::key).toList());
        if (fallback != null) {
            keys.add(DEFAULT_ROUTE);
        }
        return keys;
    }

    public HttpResponse dispatch(HttpRequest request) throws Exception {
        if (fallback != null && DEFAULT_ROUTE.equals(request.routeKey())) {
            return fallback.handle(request);
        }
        for (Entry e : entries) {
            if (e.key().equals(request.routeKey())) {
                return e.route().handle(request);
            }
        }
        String[] actual = request.path().length() > 1 ? request.path().substring(1).split("/", -1) : new String[0];
        boolean pathMatched = false;
        for (Entry e : entries) {
            Map<String, String> params = match(e.segments(), actual);
            if (params == null) {
                continue;
            }
            pathMatched = true;
            if (e.method().equals(request.method())) {
                return e.route().handle(request.withPathParameters(params));
            }
        }
        if (pathMatched) {
            throw new ApiError(405, "method_not_allowed", request.method() + " is not allowed on " + request.path());
        }
        if (fallback != null) {
            return fallback.handle(request);
        }
        throw ApiError.notFound("no route for " + request.method() + " " + Text.printable(request.path(), 100));
    }

    private static Map<String, String> match(String[] template, String[] actual) {
        if (template.length != actual.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                String value;
                try {
                    value = URLDecoder.decode(actual[i].replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    throw ApiError.badRequest("invalid_path", "the path holds an invalid percent-escape");
                }
                if (value.isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), value);
            } else if (!t.equals(actual[i])) {
                return null;
            }
        }
        return params;
    }
}
