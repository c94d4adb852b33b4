package com.arkenos.telephony.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API Gateway HTTP API (payload format 2.0) request, reduced to what handlers need.
 * Header names are lower-cased, as API Gateway delivers them.
 */
public final class HttpRequest {
    /** Owner ids are opaque strings from the identity provider; anything else is refused before it reaches a key. */
    private static final Pattern OWNER_ID = Pattern.compile("[A-Za-z0-9_.:@|+-]{1,128}");
    public static final int DEFAULT_MAX_BODY = 64 * 1024;

    private final String method;
    private final String path;
    private final String routeKey;
    private final Map<String, String> headers;
    private final Map<String, String> query;
    /** The query as the client wrote it (payload 2.0's rawQueryString): order and repeated keys kept. */
    private final String rawQuery;
    private final Map<String, String> pathParameters;
    private final String body;
    private final String requestId;
    private final JsonNode claims;
    private final AuthMode auth;
    /** Set on a route without the authorizer in front: the function checks the token itself. */
    private final TokenCheck tokenCheck;

    private HttpRequest(String method, String path, String routeKey, Map<String, String> headers,
                        Map<String, String> query, String rawQuery, Map<String, String> pathParameters, String body,
                        String requestId, JsonNode claims, AuthMode auth, TokenCheck tokenCheck) {
        this.method = method;
        this.path = path;
        this.routeKey = routeKey;
        this.headers = headers;
        this.query = query;
        this.rawQuery = rawQuery;
        this.pathParameters = pathParameters;
        this.body = body;
        this.requestId = requestId;
        this.claims = claims;
        this.auth = auth;
        this.tokenCheck = tokenCheck;
    }

    /** The request as a deployment in header mode reads it (tests, hosts without an authorizer). */
    public static HttpRequest fromEvent(JsonNode event) {
        return fromEvent(event, AuthMode.HEADER);
    }

    /** The request as a deployment in {@code auth} mode reads it: in JWT mode only the authorizer's claims identify. */
    public static HttpRequest fromEvent(JsonNode event, AuthMode auth) {
        JsonNode ctx = event.path("requestContext");
        String method = text(ctx.path("http").path("method"), "GET").toUpperCase(Locale.ROOT);
        String path = text(event.path("rawPath"), text(ctx.path("http").path("path"), "/"));
        Map<String, String> headers = new HashMap<>();
        event.path("headers").fields().forEachRemaining(e ->
                headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
        String body = event.path("body").isTextual() ? event.path("body").asText() : null;
        if (body != null && event.path("isBase64Encoded").asBoolean(false)) {
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("invalid_body", "request body is not valid base64");
            }
        }
        JsonNode claims = ctx.path("authorizer").path("jwt").path("claims");
        return new HttpRequest(method, path, text(event.path("routeKey"), "$default"), Map.copyOf(headers),
                stringMap(event.path("queryStringParameters")), text(event.path("rawQueryString"), ""),
                stringMap(event.path("pathParameters")), body,
                text(ctx.path("requestId"), ""), claims.isObject() && claims.size() > 0 ? claims : null, auth, null);
    }

    /** For routers that extract path parameters themselves. */
    HttpRequest withPathParameters(Map<String, String> params) {
        return new HttpRequest(method, path, routeKey, headers, query, rawQuery, Map.copyOf(params), body, requestId,
                claims, auth, tokenCheck);
    }

    /** For a route without the JWT authorizer: in JWT mode {@link #owner()} asks {@code check} for the claims. */
    HttpRequest checkingTokensWith(TokenCheck check) {
        return new HttpRequest(method, path, routeKey, headers, query, rawQuery, pathParameters, body, requestId,
                claims, auth, check);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String routeKey() {
        return routeKey;
    }

    public String requestId() {
        return requestId;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public Map<String, String> queryParameters() {
        return query;
    }

    /** The query string as sent, without the {@code ?}; empty when there is none. */
    public String rawQuery() {
        return rawQuery;
    }

    public String pathParameter(String name) {
        String v = pathParameters.get(name);
        if (v == null) {
            throw ApiError.notFound("not found");
        }
        return v;
    }

    public String body() {
        return body;
    }

    /** Whether {@code id} has the shape of an owner id (a token's subject, or the x-user-id header). */
    public static boolean isOwnerId(String id) {
        return id != null && OWNER_ID.matcher(id).matches();
    }

    /**
     * A claim of the request's token, in JWT mode: the authorizer's, or the function's own check on a route without
     * it. Empty without a valid token, and always in header mode, where no token is checked.
     */
    public Optional<String> claim(String name) {
        if (auth != AuthMode.JWT) {
            return Optional.empty();
        }
        return (claims != null ? Optional.of(claims) : checkedClaims())
                .map(c -> c.path(name)).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    private Optional<JsonNode> checkedClaims() {
        String authorization = headers.get("authorization");
        return tokenCheck == null || authorization == null ? Optional.empty() : tokenCheck.claims(authorization);
    }

    /**
     * The owner of this request. With a JWT authorizer the token's subject decides and an {@code x-user-id} header
     * that names someone else is refused. In JWT mode a request without the authorizer's claims (a route that lost
     * its authorizer) is refused, whatever header it carries; only in header mode is {@code x-user-id} the identity.
     */
    public String owner() {
        String header = headers.get("x-user-id");
        JsonNode claims = this.claims;
        if (claims == null && auth == AuthMode.JWT) {
            claims = checkedClaims().orElseThrow(() -> headers.containsKey("authorization")
                    ? new ApiError(401, "invalid_token", "the bearer token is not valid")
                    : new ApiError(401, "missing_token", "a bearer token (Authorization: Bearer ...) is required"));
        }
        if (claims != null) {
            String sub = claims.path("sub").asText("");
            if (sub.isEmpty() || !OWNER_ID.matcher(sub).matches()) {
                throw ApiError.unauthorized("the token carries no usable subject");
            }
            if (header != null && !header.equals(sub)) {
                throw new ApiError(403, "identity_mismatch", "x-user-id does not match the authenticated user");
            }
            return sub;
        }
        if (header == null || header.isBlank()) {
            throw new ApiError(401, "missing_identity", "the x-user-id header is required");
        }
        if (!OWNER_ID.matcher(header).matches()) {
            throw ApiError.badRequest("invalid_user_id",
                    "x-user-id must be 1-128 characters of letters, digits and _.:@|+-");
        }
        return header;
    }

    /** The body as a JSON object, refusing empty, oversized, malformed and non-object bodies. */
    public JsonBody jsonBody() {
        return jsonBody(DEFAULT_MAX_BODY);
    }

    public JsonBody jsonBody(int maxBytes) {
        if (body == null || body.isBlank()) {
            throw ApiError.badRequest("invalid_json", "a JSON object body is required");
        }
        if (body.length() > maxBytes || body.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw ApiError.tooLarge("the request body exceeds " + maxBytes + " bytes");
        }
        JsonNode node;
        try {
            node = JsonTrees.read(body);
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("invalid_json", "the request body is not valid JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiError.badRequest("invalid_json", "the request body must be a JSON object");
        }
        return new JsonBody(object);
    }

    private static String text(JsonNode node, String fallback) {
        return node.isTextual() ? node.asText() : fallback;
    }

    private static Map<String, String> stringMap(JsonNode node) {
        if (!node.isObject()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return Map.copyOf(out);
    }
}
