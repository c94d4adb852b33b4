package com.arkenos.telephony.agents;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Ids;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.agents.Agent;
import com.arkenos.telephony.core.agents.AgentConfig;
import com.arkenos.telephony.core.agents.AgentStore;
import com.arkenos.telephony.core.auth.WorkerKey;
import com.arkenos.telephony.core.aws.AwsClients;
import com.arkenos.telephony.core.aws.StandIn;
import com.arkenos.telephony.core.aws.Tables;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.JsonBody;
import com.arkenos.telephony.core.store.Cursors;
import com.arkenos.telephony.core.store.Page;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The agents API: {@code /api/agents} and {@code /api/agents/{id}}, scoped to the request's owner. */
public class AgentsFunction extends HttpFunction {
    static final int MAX_AGENT_BODY = AgentConfig.MAX_BYTES + 4 * 1024;
    /** The dashboard's create body; {@code user_id} must name the caller. */
    private static final Set<String> CREATE_FIELDS = Set.of("name", "description", "type", "agent_mode", "active",
            "is_active", "config", "user_id");
    private static final Set<String> PATCH_FIELDS = Set.of("name", "description", "type", "agent_mode", "active",
            "is_active", "config", "user_id", "version");
    private static final Set<String> PROFILE_FIELDS = Set.of("description", "type", "agent_mode");
    static final String NEXT_CURSOR_HEADER = "x-next-cursor";

    private final Env env;
    private final AgentStore agents;
    private final NumberSids sids;
    private final WorkerKey workerKey;
    private final Clock clock;

    public AgentsFunction() {
        this(Env.system());
    }

    public AgentsFunction(Env env) {
        this(env, AwsClients.dynamo(env), WorkerKey.from(env), Clock.systemUTC());
    }

    public AgentsFunction(Env env, DynamoDbClient dynamo, WorkerKey workerKey, Clock clock) {
        this(env, new AgentStore(dynamo, Tables.from(env).agents()), new NumberSids(dynamo, Tables.from(env).numbers()),
                workerKey, clock);
    }

    private AgentsFunction(Env env, AgentStore agents, NumberSids sids, WorkerKey workerKey, Clock clock) {
        this.env = env;
        this.agents = agents;
        this.sids = sids;
        this.workerKey = workerKey;
        this.clock = clock;
        router().on("POST", "/api/agents", this::create)
                .on("GET", "/api/agents", this::list)
                .on("GET", "/api/agents/{id}", this::get)
                .on("PATCH", "/api/agents/{id}", this::patch)
                .on("DELETE", "/api/agents/{id}", this::delete);
    }

    /**
     * SnapStart priming: a copy of this function on a DynamoDB client that a stand-in answers serves one request of
     * each route (create, list, get, update, delete) and a refused one. Nothing reaches DynamoDB.
     */
    @Override
    protected void primeRequests() throws Exception {
        super.primeRequests();
        try (StandIn standIn = StandIn.start(AgentsFunction::standInAnswer); DynamoDbClient client = standIn.dynamo(env)) {
            AgentsFunction copy = new AgentsFunction(env, new AgentStore(client, agents.table()), sids.on(client),
                    workerKey, clock);
            Map<String, String> user = Map.of("x-user-id", PRIMING_OWNER);
            String one = "/api/agents/" + PRIMING_AGENT;
            serve(copy, primingEvent("POST", "/api/agents", "POST /api/agents", user, Map.of(),
                    "{\"name\":\"Priming\",\"config\":{\"system_prompt\":\"You are priming.\",\"first_message_mode\":"
                            + "\"assistant_speaks_first\",\"tools\":[{\"name\":\"t\"}]}}"));
            serve(copy, primingEvent("GET", "/api/agents", "GET /api/agents", user, Map.of("limit", "10"), null));
            serve(copy, primingEvent("GET", one, "GET /api/agents/{id}", user, Map.of(), null));
            serve(copy, primingEvent("PATCH", one, "PATCH /api/agents/{id}", user, Map.of(),
                    "{\"name\":\"Primed\",\"config\":{\"voice_id\":\"v\"},\"version\":1}"));
            serve(copy, primingEvent("DELETE", one, "DELETE /api/agents/{id}", user, Map.of(), null));
            serve(copy, primingEvent("GET", one, "GET /api/agents/{id}", Map.of(), Map.of(), null));
        }
        workerKey.prime();
    }

    private static final String PRIMING_OWNER = "priming";
    private static final String PRIMING_AGENT = "00000000-0000-4000-8000-000000000000";
    private static final String PRIMING_ITEM = "{\"owner_id\":{\"S\":\"" + PRIMING_OWNER + "\"},\"agent_id\":{\"S\":\""
            + PRIMING_AGENT + "\"},\"name\":{\"S\":\"Priming\"},\"active\":{\"BOOL\":true},"
            + "\"config\":{\"S\":\"{\\\"system_prompt\\\":\\\"You are priming.\\\"}\"},"
            + "\"created_at\":{\"S\":\"2024-01-01T00:00:00Z\"},\"updated_at\":{\"S\":\"2024-01-01T00:00:00Z\"},"
            + "\"version\":{\"N\":\"1\"}}";

    /** DynamoDB's answers for the priming requests: one agent, held by the priming owner. */
    private static String standInAnswer(String target, String body) {
        if (target.endsWith(".GetItem")) {
            return "{\"Item\":" + PRIMING_ITEM + "}";
        }
        if (target.endsWith(".Query")) {
            return "{\"Items\":[" + PRIMING_ITEM + "],\"Count\":1,\"ScannedCount\":1}";
        }
        return "{}";
    }

    private HttpResponse create(HttpRequest req) {
        String owner = req.owner();
        JsonBody body = req.jsonBody(MAX_AGENT_BODY).allowOnly(CREATE_FIELDS);
        requireCaller(body, owner);
        String name = body.requiredString("name", 200);
        boolean active = activeFlag(body).orElse(true);
        ObjectNode config = AgentConfig.validate(body.optionalObject("config").orElseGet(Json::object));
        Agent.Profile profile = profile(body, Agent.Profile.DEFAULT);
        Instant now = now();
        Agent agent = new Agent(Ids.uuid(), owner, name, active, config, null, now, now, 1, profile);
        agents.create(agent);
        return HttpResponse.created(agent.toJson(null)).withHeader("location", "/api/agents/" + agent.id());
    }

    /**
     * A JSON array, newest pages first as stored (the dashboard maps over the answer); when more agents follow, the
     * {@value #NEXT_CURSOR_HEADER} header holds the cursor for {@code ?cursor=}.
     */
    private HttpResponse list(HttpRequest req) {
        String owner = req.owner();
        int limit = Cursors.limit(req.query("limit").orElse(null), 50, 100);
        Page<Agent> page = agents.list(owner, limit, req.query("cursor").orElse(null));
        Map<String, String> numberSids = sids.of(page.items());
        ArrayNode items = Json.array();
        page.items().forEach(a -> items.add(a.toJson(numberSids.get(a.phoneNumber()))));
        HttpResponse answer = HttpResponse.ok(items);
        return page.nextCursor() == null ? answer : answer.withHeader(NEXT_CURSOR_HEADER, page.nextCursor());
    }

    /**
     * The owner's agent; or, for the agent worker (its {@code x-worker-key}, no user), any owner's agent, read-only:
     * the worker loads the config of the agent a call was routed to.
     */
    private HttpResponse get(HttpRequest req) {
        Agent agent;
        if (req.header("x-worker-key").isPresent()) {
            workerKey.check(req);
            agent = agents.findAnyOwner(agentId(req)).orElseThrow(() -> ApiError.notFound("agent not found"));
        } else {
            agent = load(req);
        }
        return HttpResponse.ok(withSid(agent));
    }

    private HttpResponse patch(HttpRequest req) {
        Agent current = load(req);
        JsonBody body = req.jsonBody(MAX_AGENT_BODY).allowOnly(PATCH_FIELDS);
        requireCaller(body, current.owner());
        long expected = expectedVersion(req, body).orElse(current.version());
        if (expected != current.version()) {
            throw ApiError.conflict("version_conflict", "the agent is at version " + current.version()
                    + ", not " + expected + "; reload and retry");
        }
        if (!body.has("name") && !body.has("active") && !body.has("is_active") && !body.has("config")
                && PROFILE_FIELDS.stream().noneMatch(body::has)) {
            throw ApiError.badRequest("empty_patch", "nothing to change: send name, description, type, agent_mode,"
                    + " active or config");
        }
        String name = body.optionalString("name", 200).orElse(current.name());
        boolean active = activeFlag(body).orElse(current.active());
        ObjectNode config = current.config();
        if (body.has("config")) {
            ObjectNode patch = body.optionalObject("config").orElseThrow(() ->
                    ApiError.badRequest("invalid_type", "'config' must be a JSON object"));
            config = AgentConfig.validate(AgentConfig.merge(current.config(), patch));
        }
        Agent updated = new Agent(current.id(), current.owner(), name, active, config, current.phoneNumber(),
                current.createdAt(), now(), current.version() + 1, profile(body, current.profile()));
        agents.update(updated, expected);
        return HttpResponse.ok(withSid(updated));
    }

    private ObjectNode withSid(Agent agent) {
        return agent.toJson(agent.phoneNumber() == null ? null : sids.of(List.of(agent)).get(agent.phoneNumber()));
    }

    /** The dashboard sends its user's id in the body too; it may only name the caller. */
    private static void requireCaller(JsonBody body, String owner) {
        body.optionalString("user_id", 128).ifPresent(u -> {
            if (!u.equals(owner)) {
                throw new ApiError(403, "identity_mismatch", "user_id does not match the caller's identity");
            }
        });
    }

    /** The profile fields the body sets over {@code base}; {@code description: null} clears it. */
    private static Agent.Profile profile(JsonBody body, Agent.Profile base) {
        String description = body.has("description")
                ? body.optionalString("description", 1000).orElse(null) : base.description();
        return new Agent.Profile(description,
                body.optionalOneOf("type", Agent.Profile.TYPES).orElse(base.type()),
                body.optionalOneOf("agent_mode", Agent.Profile.MODES).orElse(base.agentMode()));
    }

    private HttpResponse delete(HttpRequest req) {
        String owner = req.owner();
        agents.delete(owner, agentId(req));
        return HttpResponse.noContent();
    }

    private Agent load(HttpRequest req) {
        String owner = req.owner();
        return agents.get(owner, agentId(req));
    }

    /** Ids are UUIDs; anything else cannot name an agent, so it is answered like an unknown one. */
    private static String agentId(HttpRequest req) {
        String id = req.pathParameter("id");
        if (!Ids.isUuid(id)) {
            throw ApiError.notFound("agent not found");
        }
        return id;
    }

    /** {@code active} is the field; {@code is_active} is accepted because the product's dashboard sends it. */
    private static java.util.Optional<Boolean> activeFlag(JsonBody body) {
        java.util.Optional<Boolean> a = body.optionalBoolean("active");
        java.util.Optional<Boolean> b = body.optionalBoolean("is_active");
        if (a.isPresent() && b.isPresent() && !a.equals(b)) {
            throw ApiError.badRequest("invalid_active", "'active' and 'is_active' disagree");
        }
        return a.isPresent() ? a : b;
    }

    private static java.util.Optional<Long> expectedVersion(HttpRequest req, JsonBody body) {
        java.util.Optional<Long> fromBody = body.optionalLong("version", 1, Long.MAX_VALUE);
        java.util.Optional<String> ifMatch = req.header("if-match");
        if (ifMatch.isEmpty()) {
            return fromBody;
        }
        String tag = ifMatch.get().replace("W/", "").replace("\"", "").strip();
        try {
            long v = Long.parseLong(tag);
            if (fromBody.isPresent() && fromBody.get() != v) {
                throw ApiError.badRequest("invalid_version", "If-Match and 'version' disagree");
            }
            return java.util.Optional.of(v);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid_version", "If-Match must hold the agent's version number");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
