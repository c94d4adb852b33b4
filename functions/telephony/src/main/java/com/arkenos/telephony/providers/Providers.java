package com.arkenos.telephony.providers;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.aws.AwsClients;
import com.arkenos.telephony.core.errors.ProviderUnavailableException;
import com.arkenos.telephony.providers.livekit.LiveKitCredentials;
import com.arkenos.telephony.providers.livekit.LiveKitGateway;
import com.arkenos.telephony.providers.livekit.LiveKitTimeouts;
import com.arkenos.telephony.providers.livekit.SdkLiveKitGateway;
import com.arkenos.telephony.providers.twilio.SdkTwilioGateway;
import com.arkenos.telephony.providers.twilio.TwilioCredentials;
import com.arkenos.telephony.providers.twilio.TwilioGateway;
import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials and gateways, built once per container. In AWS the credentials come from the Secrets Manager secrets
 * the template names ({@code TWILIO_SECRET_ARN}, {@code LIVEKIT_SECRET_ARN}, {@code TERMINATION_SECRET_ARN});
 * elsewhere from environment variables. A missing credential is an error that names what is missing and never
 * shows a value. {@code TWILIO_CONNECT_TIMEOUT_MS}, {@code TWILIO_READ_TIMEOUT_MS}, {@code LIVEKIT_CONNECT_TIMEOUT_MS}
 * and {@code LIVEKIT_READ_TIMEOUT_MS} optionally override the gateways' HTTP timeouts (5 s connect, 15 s read).
 */
public final class Providers {
    private static final Map<String, JsonNode> SECRETS = new ConcurrentHashMap<>();

    private final Env env;
    private volatile TwilioGateway twilio;
    private volatile LiveKitGateway livekit;
    private volatile TwilioCredentials twilioCredentials;
    private volatile LiveKitCredentials liveKitCredentials;

    public Providers(Env env) {
        this.env = env;
    }

    public TwilioCredentials twilioCredentials() {
        TwilioCredentials c = twilioCredentials;
        if (c == null) {
            JsonNode secret = secret("TWILIO_SECRET_ARN");
            String sid = value(secret, "account_sid", "TWILIO_ACCOUNT_SID");
            String token = value(secret, "auth_token", "TWILIO_AUTH_TOKEN");
            List<String> missing = new ArrayList<>();
            if (sid == null) {
                missing.add("TWILIO_ACCOUNT_SID");
            }
            if (token == null) {
                missing.add("TWILIO_AUTH_TOKEN");
            }
            if (!missing.isEmpty()) {
                throw notConfigured("Twilio", missing, "TwilioSecretArn");
            }
            c = new TwilioCredentials(sid, token, env.getOrDefault("TWILIO_API_BASE_URL", null));
            twilioCredentials = c;
        }
        return c;
    }

    public LiveKitCredentials liveKitCredentials() {
        LiveKitCredentials c = liveKitCredentials;
        if (c == null) {
            JsonNode secret = secret("LIVEKIT_SECRET_ARN");
            String url = value(secret, "url", "LIVEKIT_URL");
            String key = value(secret, "api_key", "LIVEKIT_API_KEY");
            String apiSecret = value(secret, "api_secret", "LIVEKIT_API_SECRET");
            String sipUri = value(secret, "sip_uri", "LIVEKIT_SIP_URI");
            List<String> missing = new ArrayList<>();
            if (url == null) {
                missing.add("LIVEKIT_URL");
            }
            if (key == null) {
                missing.add("LIVEKIT_API_KEY");
            }
            if (apiSecret == null) {
                missing.add("LIVEKIT_API_SECRET");
            }
            if (!missing.isEmpty()) {
                throw notConfigured("LiveKit", missing, "LiveKitSecretArn");
            }
            c = new LiveKitCredentials(url, key, apiSecret,
                    sipUri == null ? LiveKitCredentials.deriveSipUri(url) : sipUri);
            liveKitCredentials = c;
        }
        return c;
    }

    public TerminationCredentials terminationCredentials() {
        JsonNode secret = secret("TERMINATION_SECRET_ARN");
        String user = value(secret, "username", "TERMINATION_USERNAME");
        String password = value(secret, "password", "TERMINATION_PASSWORD");
        if (password == null) {
            throw notConfigured("SIP termination", List.of("TERMINATION_PASSWORD"), "the TerminationSecret");
        }
        return new TerminationCredentials(user == null ? "arkenos-lk" : user, password);
    }

    public TwilioGateway twilio() {
        TwilioGateway g = twilio;
        if (g == null) {
            synchronized (this) {
                if (twilio == null) {
                    twilio = new SdkTwilioGateway(twilioCredentials(),
                            millis("TWILIO_CONNECT_TIMEOUT_MS", SdkTwilioGateway.DEFAULT_CONNECT_TIMEOUT),
                            millis("TWILIO_READ_TIMEOUT_MS", SdkTwilioGateway.DEFAULT_READ_TIMEOUT));
                }
                g = twilio;
            }
        }
        return g;
    }

    public LiveKitGateway livekit() {
        LiveKitGateway g = livekit;
        if (g == null) {
            synchronized (this) {
                if (livekit == null) {
                    LiveKitTimeouts d = LiveKitTimeouts.defaults();
                    livekit = new SdkLiveKitGateway(liveKitCredentials(), new LiveKitTimeouts(
                            millis("LIVEKIT_CONNECT_TIMEOUT_MS", d.connect()),
                            millis("LIVEKIT_READ_TIMEOUT_MS", d.read()), d.answerMargin()));
                }
                g = livekit;
            }
        }
        return g;
    }

    /**
     * Releases the connection pool of the Twilio gateway if one was built (SnapStart priming closes the gateways of
     * its copies this way). The LiveKit gateway holds no connection once its requests are answered.
     */
    public void close() {
        TwilioGateway g = twilio;
        if (g instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing left to release
            }
        }
    }

    /**
     * An optional timeout override in milliseconds (tests that inject timeouts shorten them); unset keeps the
     * gateway's default.
     */
    private Duration millis(String variable, Duration fallback) {
        String raw = env.find(variable).orElse(null);
        if (raw == null) {
            return fallback;
        }
        try {
            long ms = Long.parseLong(raw.strip());
            if (ms > 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalStateException(variable + " must be a positive number of milliseconds");
    }

    private JsonNode secret(String arnVariable) {
        String arn = env.getOrDefault(arnVariable, "");
        if (arn.isEmpty()) {
            return null;
        }
        return SECRETS.computeIfAbsent(arn, a -> {
            try (SecretsManagerClient sm = secretsClient()) {
                return Json.parse(sm.getSecretValue(r -> r.secretId(a)).secretString());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("secret " + arnVariable + " is not a JSON object");
            }
        });
    }

    private SecretsManagerClient secretsClient() {
        return AwsClients.build(SecretsManagerClient.builder(), env, "AWS_ENDPOINT_URL_SECRETS_MANAGER");
    }

    /**
     * Loads what a first check of the shared SIP resources runs through before its first byte is sent: the Secrets
     * Manager client that reads the credentials (built and closed, when a secret is configured), and the Twilio and
     * LiveKit gateways' trunk paths. Nothing is read or sent. For a warm-up beside a function's init
     * ({@code BackgroundWarmUp}).
     */
    public void loadSharedResourceChecks() throws java.io.IOException {
        loadSecretsClient();
        SdkTwilioGateway.loadTrunkPath();
        SdkLiveKitGateway.loadSipListPath();
    }

    /** Builds and closes a Secrets Manager client when a provider's credentials come from a secret; reads nothing. */
    public void loadSecretsClient() {
        if (!env.getOrDefault("TWILIO_SECRET_ARN", "").isEmpty()
                || !env.getOrDefault("LIVEKIT_SECRET_ARN", "").isEmpty()) {
            secretsClient().close();
        }
    }

    private String value(JsonNode secret, String field, String envName) {
        if (secret != null && secret.hasNonNull(field) && !secret.get(field).asText().isBlank()) {
            return secret.get(field).asText();
        }
        return env.find(envName).orElse(null);
    }

    /** A deployment without a provider's credentials: nothing that needs the provider can be done (503). */
    private static ProviderUnavailableException notConfigured(String provider, List<String> missing,
                                                              String secretParameter) {
        return new ProviderUnavailableException("provider_not_configured", provider + " credentials are missing: set "
                + String.join(", ", missing) + " (or the " + secretParameter + " parameter when deployed)");
    }
}
