package com.arkenos.telephony.core.http;

/**
 * The HTTP API's {@code $default} route: requests that match no route. API Gateway HTTP APIs match a path exactly
 * and refuse routes that end in {@code /}, so {@code POST /api/agents/} (the Arkenos dashboard always sends the
 * slash) would otherwise get API Gateway's bare 404. A path with trailing slashes is answered with a 308 to the same
 * path without them (method and body are kept by every client that follows redirects: fetch, curl -L); anything else
 * gets this API's JSON 404. Carries no identity and reads nothing, so it needs no authorizer and no permission.
 */
public class TrailingSlashFunction extends HttpFunction {
    public TrailingSlashFunction() {
        super(Router.DEFAULT_ROUTE);
    }

    @Override
    protected HttpResponse serve(HttpRequest request) {
        return redirect(request);
    }

    static HttpResponse redirect(HttpRequest req) {
        String path = req.path();
        String trimmed = path.replaceAll("/+$", "");
        if (trimmed.isEmpty() || trimmed.equals(path) || trimmed.contains("//")) {
            throw ApiError.notFound("no route for " + req.method() + " " + Text.printable(path, 100));
        }
        String location = req.rawQuery().isEmpty() ? trimmed : trimmed + "?" + req.rawQuery();
        return HttpResponse.error(308, "trailing_slash", "this API's paths have no trailing slash: use " + trimmed)
                .withHeader("location", location);
    }
}
