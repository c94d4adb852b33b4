package com.arkenos.telephony.providers.livekit;

import com.arkenos.devkit.livekit.LiveKitSandbox;
import io.livekit.server.AccessToken;
import io.livekit.server.SIPGrant;
import io.livekit.server.VideoGrant;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * One sandbox per test class, reset before each test, and a gateway on it with short timeouts so that fault tests
 * stay fast. Register it as {@code @RegisterExtension static final LiveKitSandboxFixture lk = ...}.
 */
final class LiveKitSandboxFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    static final LiveKitTimeouts FAST = new LiveKitTimeouts(Duration.ofSeconds(1), Duration.ofMillis(700),
            Duration.ofMillis(500));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LiveKitSandbox sandbox;
    private SdkLiveKitGateway gateway;

    @Override
    public void beforeAll(ExtensionContext context) {
        sandbox = LiveKitSandbox.start(0);
        gateway = new SdkLiveKitGateway(credentials(sandbox.apiSecret()), FAST);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        sandbox.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        sandbox.close();
    }

    LiveKitSandbox sandbox() {
        return sandbox;
    }

    LiveKitGateway gateway() {
        return gateway;
    }

    LiveKitCredentials credentials(String secret) {
        return new LiveKitCredentials(sandbox.url(), sandbox.apiKey(), secret, "test.sip.example");
    }

    /** A bearer token with exactly these grants, for requests the gateway would never send. */
    String bearer(List<VideoGrant> video, List<SIPGrant> sip) {
        AccessToken token = new AccessToken(sandbox.apiKey(), sandbox.apiSecret());
        token.addGrants(video);
        token.addSIPGrants(sip);
        return "Bearer " + token.toJwt();
    }

    /** A raw Twirp call with a JSON body, the way LiveKit's non-protobuf clients talk. */
    HttpResponse<String> postJson(String path, String json, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.url() + path))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
