package com.arkenos.telephony.providers.twilio;

import com.twilio.constant.EnumConstants;
import com.twilio.exception.ApiConnectionException;
import com.twilio.http.HttpMethod;
import com.twilio.http.HttpUtility;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The SDK's HTTP client, made fit for a Lambda and for the local sandbox.
 *
 * <ul>
 *   <li>It executes requests itself: {@code NetworkHttpClient.makeRequest} forces the SDK's default request
 *       config (30.5 s connect timeout) on every request, so configured timeouts would be ignored.</li>
 *   <li>One attempt per call: the SDK retries any 5xx up to three times and Apache's client retries 429/503 and
 *       idempotent requests. A retried POST that did succeed on Twilio's side (buying a number) comes back as a
 *       confusing 4xx; retries belong to the caller (Step Functions), with backoff and visibility.</li>
 *   <li>With a base URL, {@code https://api.twilio.com/2010-04-01/...} becomes {@code base/api/2010-04-01/...}
 *       (the product is the first label of Twilio's host), including the next-page URLs Twilio sends.</li>
 *   <li>Network failures become {@link ApiConnectionException} (the SDK would wrap them in a status-less
 *       {@code ApiException}), so they can be told apart from Twilio's answers.</li>
 * </ul>
 */
final class TwilioHttpClient extends NetworkHttpClient {
    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(2);
    private static final int MAX_CONNECTIONS = 20;

    private final String baseUrl;

    TwilioHttpClient(String baseUrl, Duration connectTimeout, Duration readTimeout) {
        super(clientBuilder(connectTimeout, readTimeout));
        this.baseUrl = baseUrl == null ? null : stripTrailingSlash(baseUrl);
    }

    private static HttpClientBuilder clientBuilder(Duration connectTimeout, Duration readTimeout) {
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(connectTimeout))
                .setSocketTimeout(Timeout.of(readTimeout))
                .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                .build();
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(connections)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setMaxConnTotal(MAX_CONNECTIONS)
                .build();
        RequestConfig requests = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                .setResponseTimeout(Timeout.of(readTimeout))
                .build();
        return HttpClientBuilder.create()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(requests)
                .disableAutomaticRetries()
                .disableCookieManagement();
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        HttpUriRequestBase http = new HttpUriRequestBase(request.getMethod().toString(), target(request));
        if (request.requiresAuthentication()) {
            http.addHeader(HttpHeaders.AUTHORIZATION, request.getAuthString());
        }
        request.getHeaderParams().forEach((name, values) -> values.forEach(value -> http.addHeader(name, value)));
        http.addHeader(HttpHeaders.USER_AGENT, HttpUtility.getUserAgentString(request.getUserAgentExtensions()));
        if (request.getMethod() == HttpMethod.POST) {
            http.setEntity(entity(request));
        }
        try {
            return client.execute(http, TwilioHttpClient::toResponse);
        } catch (IOException e) {
            throw new ApiConnectionException(describe(e), e);
        }
    }

    void close() {
        try {
            client.close();
        } catch (IOException e) {
            // Nothing is left to release: the pool is gone either way.
        }
    }

    private URI target(Request request) {
        URL url = request.constructURL();
        try {
            if (baseUrl == null) {
                return url.toURI();
            }
            String host = url.getHost();
            String product = host.substring(0, host.indexOf('.'));
            String query = url.getQuery() == null ? "" : "?" + url.getQuery();
            return new URI(baseUrl + "/" + product + url.getPath() + query);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("The SDK built an invalid URL for " + url.getPath(), e);
        }
    }

    private static HttpEntity entity(Request request) {
        if (request.getContentType() == EnumConstants.ContentType.JSON) {
            return new StringEntity(request.getBody(), ContentType.APPLICATION_JSON);
        }
        List<NameValuePair> form = new ArrayList<>();
        request.getPostParams().forEach((name, values) ->
                values.forEach(value -> form.add(new BasicNameValuePair(name, value))));
        return new UrlEncodedFormEntity(form, StandardCharsets.UTF_8);
    }

    /**
     * The SDK reads the HTTP status of an error from Twilio's JSON body and gives up on bodies that are not
     * Twilio's (a proxy's HTML 502, an empty 503), losing the status. Such bodies are replaced by a minimal
     * Twilio-shaped error so that the status survives.
     */
    private static Response toResponse(ClassicHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        String body;
        try {
            body = entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8);
        } catch (ParseException e) {
            throw new IOException("Unreadable response body", e);
        }
        int status = response.getCode();
        if (status >= 400 && !body.stripLeading().startsWith("{")) {
            body = "{\"status\":" + status + ",\"message\":\"HTTP " + status + " without a Twilio error body\"}";
        }
        return new Response(body, status, response.getHeaders());
    }

    /** Exception messages name the failure and the host, never a credential: none is part of the URL. */
    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
