package com.arkenos.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.aws.AwsClients;
import com.arkenos.telephony.core.snapstart.PrimedStreamHandler;
import com.arkenos.telephony.core.snapstart.SnapStart;
import com.arkenos.telephony.priming.Service;
import com.arkenos.telephony.priming.StandIn;
import com.arkenos.telephony.priming.Tape;
import com.arkenos.telephony.priming.TapePrimer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livekit.server.AccessToken;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Records the SnapStart priming tapes ({@link Tape}) of the functions whose jars ship the primer: each function's
 * sample events (events/FUNCTION/*.json) are handled, against the {@link SampleWorld}, by a copy of the function built
 * as Lambda builds it, whose services' endpoints point at recording stand-ins that forward every request to the local
 * stack (DynamoDB Local, the state machines, the Lambda Invoke API, the Twilio and LiveKit sandboxes) and keep the
 * answers. The tapes are written into each function's module ({@code src/main/resources/priming/NAME.json}).
 * {@code ./stack priming-tapes}; {@code PrimingTapesTest} says when they want recording again.
 */
public final class PrimingTapes {
    /**
     * Functions primed by their own warm-up only: the callback function's sample sends the call's status to the
     * callback receiver it names, which a replay before a snapshot must never reach.
     */
    static final Set<String> WARM_UP_ONLY = Set.of("CallbackFunction");
    /**
     * Local credentials a tape need not repeat: nothing checks them in a replay. (The operator's local key stays:
     * the grant sample presents it, and the replay must be served as recorded.)
     */
    private static final Map<String, String> PLACEHOLDERS = Map.of("TWILIO_AUTH_TOKEN", "priming",
            "TERMINATION_PASSWORD", "priming", "WORKER_KEY", "priming", "CALLBACK_SIGNING_KEY", "priming",
            "AWS_SECRET_ACCESS_KEY", "priming");
    /** A signed webhook stays valid for the replays of the years a tape may be kept. */
    private static final Duration WEBHOOK_TOKEN_TTL = Duration.ofDays(3650);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers the forwarding client sets itself (java.net.http refuses them). */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "upgrade", "keep-alive");

    private final LocalRuntime runtime;
    private final SampleWorld world;
    private final Path root;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** A tape and the module it belongs in. */
    public record Recorded(String function, String name, Path module, Tape tape) {
        public Path file() {
            return module.resolve("src/main/resources/priming").resolve(name + ".json");
        }
    }

    /** @param world a sample world already {@linkplain SampleWorld#create() created} and saved */
    public PrimingTapes(LocalRuntime runtime, SampleWorld world, Path root) {
        this.runtime = runtime;
        this.world = world;
        this.root = root;
    }

    /** Records every tape; writes nothing. */
    public List<Recorded> recordAll() throws Exception {
        awaitIdle();
        List<Recorded> tapes = new ArrayList<>();
        for (SamTemplate.FunctionDef f : runtime.template().functions()) {
            if (shipsPrimer(f) && !WARM_UP_ONLY.contains(f.logicalId()) && !samples(f.logicalId()).isEmpty()) {
                tapes.add(record(f));
            }
        }
        return tapes;
    }

    /** Whether the function's module depends on the priming module (the lookup's does not). */
    boolean shipsPrimer(SamTemplate.FunctionDef f) throws IOException {
        Path pom = module(f).resolve("pom.xml");
        return Files.exists(pom) && Files.readString(pom).contains("<artifactId>priming</artifactId>");
    }

    private Path module(SamTemplate.FunctionDef f) {
        Path code = Path.of(f.codeUri());
        return root.resolve(code.getName(0)).resolve(code.getName(1));
    }

    private List<Path> samples(String function) throws IOException {
        Path dir = root.resolve("events").resolve(function);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Handles the function's samples through a copy on recording stand-ins. */
    public Recorded record(SamTemplate.FunctionDef f) throws Exception {
        Map<String, String> real = new LinkedHashMap<>(runtime.host().environment(f.logicalId()));
        // Private callback hosts are refused, as deployed: a replay never connects to a callback receiver.
        real.remove("CALLBACK_ALLOW_PRIVATE_HOSTS");
        List<Tape.Exchange> heard = new ArrayList<>();
        List<StandIn> standIns = new ArrayList<>();
        Map<String, String> copyEnv = new LinkedHashMap<>(real);
        Map<String, String> tapeEnv = new LinkedHashMap<>(real);
        // A replay checks no credential but the webhook's signature (the sandbox's published key pair signs it).
        PLACEHOLDERS.forEach(tapeEnv::replace);
        try {
            for (Service service : Service.values()) {
                tapeEnv.remove(service.endpointVariable());
                String target = real.get(service.endpointVariable());
                if (target != null && !target.isBlank()) {
                    StandIn standIn = StandIn.serving(request -> forward(service, URI.create(target), request, heard));
                    standIns.add(standIn);
                    copyEnv.put(service.endpointVariable(), standIn.endpoint().toString());
                }
            }
            Env env = Env.of(copyEnv);
            RequestStreamHandler copy =
                    SnapStart.buildPrimingCopy(() -> PrimedStreamHandler.build(f.handlerClass(), env));
            String name = copy instanceof PrimedStreamHandler p ? p.primingName() : copy.getClass().getSimpleName();
            Instant recordedAt = Instant.now();
            List<Tape.Invocation> invocations = new ArrayList<>();
            try {
                for (Path sample : samples(f.logicalId())) {
                    world.restoreTables();
                    ObjectNode event = world.prepare(f.logicalId(), JSON.readTree(sample.toFile()));
                    if (f.logicalId().equals("LiveKitWebhookFunction")) {
                        signForYears(event, real.get("LIVEKIT_API_KEY"), real.get("LIVEKIT_API_SECRET"));
                    }
                    synchronized (heard) {
                        heard.clear();
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    copy.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out,
                            new LocalContext(f.logicalId(), f.timeoutSeconds()));
                    synchronized (heard) {
                        invocations.add(new Tape.Invocation(JSON.writeValueAsString(event),
                                TapePrimer.statusOf(out.toByteArray()), List.copyOf(heard)));
                    }
                    awaitIdle();
                }
            } finally {
                AwsClients.forget(env);
            }
            return new Recorded(f.logicalId(), name, module(f),
                    new Tape(f.handlerClass(), recordedAt, tapeEnv, invocations));
        } finally {
            standIns.forEach(StandIn::close);
        }
    }

    /**
     * Waits until no state machine execution runs and the streams are read: a sample that starts one (a release, a
     * retry) changes the sandboxes when it ends, and the next sample must meet the same sandboxes every time.
     */
    void awaitIdle() throws InterruptedException {
        if (!runtime.awaitExecutions(Duration.ofSeconds(120))) {
            throw new IllegalStateException("state machine executions still running after 120 s");
        }
        runtime.awaitStreams(Duration.ofSeconds(10));
    }

    /** Sends {@code request} on to the service at {@code target} and keeps the answer. */
    private StandIn.Answer forward(Service service, URI target, StandIn.Request request, List<Tape.Exchange> heard)
            throws IOException {
        String base = target.toString().replaceAll("/+$", "");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + request.path()))
                .timeout(Duration.ofSeconds(30))
                .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((k, v) -> {
            if (!HOP_BY_HOP.contains(k)) {
                b.header(k, v);
            }
        });
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String contentType = answer.headers().firstValue("content-type").orElse(null);
        int q = request.path().indexOf('?');
        synchronized (heard) {
            String path = q < 0 ? request.path() : request.path().substring(0, q);
            heard.add(new Tape.Exchange(service, request.method(), path,
                    request.header("x-amz-target"), answer.statusCode(), contentType, answer.body()));
        }
        return new StandIn.Answer(answer.statusCode(), contentType, answer.body());
    }

    /** The webhook's Authorization as LiveKit makes it (the body's digest), valid for years instead of minutes. */
    private static void signForYears(ObjectNode event, String apiKey, String apiSecret) throws Exception {
        AccessToken token = new AccessToken(apiKey, apiSecret);
        token.setTtl(WEBHOOK_TOKEN_TTL.toMillis());
        token.setSha256(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(event.path("body").asText().getBytes(StandardCharsets.UTF_8))));
        ((ObjectNode) event.get("headers")).put("authorization", token.toJwt());
    }

    /** {@code ./stack priming-tapes}: records every tape on a fresh in-memory stack and writes them. */
    static int run(SamTemplate template) throws Exception {
        LocalRuntime.Options options = new LocalRuntime.Options(0, "127.0.0.1", true,
                template.directory().resolve(".local"));
        try (LocalRuntime runtime = LocalRuntime.create(template, options)) {
            SampleWorld world = new SampleWorld(runtime, template.directory().resolve("events"));
            System.err.println("seeding the sample world (agents, two provisioned numbers, a call)...");
            world.create();
            world.saveTables();
            for (Recorded r : new PrimingTapes(runtime, world, template.directory()).recordAll()) {
                Files.createDirectories(r.file().getParent());
                Files.writeString(r.file(), r.tape().write());
                System.err.println("recorded " + template.directory().relativize(r.file()) + " ("
                        + r.tape().invocations().size() + " events, "
                        + r.tape().invocations().stream().mapToInt(i -> i.exchanges().size()).sum() + " exchanges)");
            }
            return 0;
        }
    }
}
