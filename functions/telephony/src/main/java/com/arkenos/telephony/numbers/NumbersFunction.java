package com.arkenos.telephony.numbers;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Ids;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.JsonBody;
import com.arkenos.telephony.core.phone.PhoneNumbers;
import com.arkenos.telephony.core.store.Cursors;
import com.arkenos.telephony.core.store.Page;
import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.providers.twilio.AvailableNumber;
import com.arkenos.telephony.providers.twilio.NumberSearch;
import com.arkenos.telephony.providers.twilio.NumberType;
import com.arkenos.telephony.priming.PrimingStage;
import com.arkenos.telephony.priming.PrimingWorld;
import com.arkenos.telephony.provisioning.Executions;
import com.arkenos.telephony.provisioning.Telephony;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code /api/telephony/numbers/...}: search, buy, assign, release, retry, reassign, list, get and check. */
public class NumbersFunction extends HttpFunction {
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern AREA_CODE = Pattern.compile("[1-9][0-9]{0,5}");
    private static final Pattern CONTAINS = Pattern.compile("\\+?[0-9A-Za-z*]{2,16}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");

    /** Statuses whose workflow is still running: provision waits for them to settle. */
    private static final Set<NumberStatus> SETTLING = Set.of(NumberStatus.PURCHASING, NumberStatus.PROVISIONING,
            NumberStatus.RELEASING);
    private static final java.time.Duration PROVISION_POLL = java.time.Duration.ofMillis(250);

    private final Telephony telephony;
    private final NumbersService service;
    private final IdempotencyStore idempotency;
    /** How long provision waits for a resumed provisioning (PROVISION_WAIT_SECONDS, default 10; API Gateway cuts at 30). */
    private final java.time.Duration provisionWait;

    public NumbersFunction() {
        this(Env.system());
    }

    public NumbersFunction(Env env) {
        this(new Telephony(env), Executions.from(env));
    }

    public NumbersFunction(Telephony telephony, Executions executions) {
        this.telephony = telephony;
        this.service = new NumbersService(telephony, executions);
        this.idempotency = new IdempotencyStore(telephony.dynamo(), telephony.tables().idempotency());
        this.provisionWait = java.time.Duration.ofSeconds(Math.max(0, Math.min(20,
                Integer.parseInt(telephony.env().getOrDefault("PROVISION_WAIT_SECONDS", "10")))));
        router().on("GET", "/api/telephony/numbers/search", this::search)
                .on("POST", "/api/telephony/numbers/buy", this::buy)
                .on("POST", "/api/telephony/numbers/assign", this::assign)
                .on("POST", "/api/telephony/numbers/release", this::release)
                .on("POST", "/api/telephony/numbers/retry", this::retry)
                .on("POST", "/api/telephony/numbers/provision", this::provision)
                .on("POST", "/api/telephony/numbers/reassign", this::reassign)
                .on("GET", "/api/telephony/numbers", this::list)
                .on("GET", "/api/telephony/numbers/check", this::check)
                .on("GET", "/api/telephony/numbers/{phone_number}", this::get);
    }

    /**
     * SnapStart priming: a copy of this function on a {@link PrimingStage} (DynamoDB, Twilio and Step Functions all
     * answered by a loopback stand-in) reads a number, lists and checks numbers, searches Twilio's inventory and buys
     * a number (the claim, the purchase, the execution's start). Nothing reaches AWS or Twilio, no secret is fetched,
     * and this function's own clients are not touched.
     */
    @Override
    protected void primeRequests() throws Exception {
        super.primeRequests();
        try (PrimingStage stage = PrimingStage.open(telephony.env())) {
            NumbersFunction copy = new NumbersFunction(stage.telephony(), stage.executions());
            Map<String, String> user = Map.of("x-user-id", PrimingWorld.OWNER);
            serve(copy, primingEvent("GET", "/api/telephony/numbers/" + PrimingWorld.PHONE,
                    "GET /api/telephony/numbers/{phone_number}", user, Map.of(), null));
            serve(copy, primingEvent("GET", "/api/telephony/numbers", "GET /api/telephony/numbers", user,
                    Map.of("limit", "20"), null));
            serve(copy, primingEvent("GET", "/api/telephony/numbers/check", "GET /api/telephony/numbers/check", user,
                    Map.of("phone_number", PrimingWorld.PHONE), null));
            serve(copy, primingEvent("GET", "/api/telephony/numbers/search", "GET /api/telephony/numbers/search",
                    Map.of(), Map.of("country", "US", "area_code", "555"), null));
            serve(copy, primingEvent("POST", "/api/telephony/numbers/buy", "POST /api/telephony/numbers/buy",
                    Map.of("x-user-id", PrimingWorld.OWNER, "idempotency-key", "priming-buy"), Map.of(),
                    "{\"phone_number\":\"" + PrimingWorld.NEW_PHONE + "\",\"agent_id\":\"" + PrimingWorld.AGENT + "\"}"));
        }
    }

    /** Public, as in the product: the docs' search example sends no identity. */
    private HttpResponse search(HttpRequest req) {
        req.queryParameters().keySet().forEach(k -> {
            if (!Set.of("country", "area_code", "contains", "type", "limit").contains(k)) {
                throw ApiError.badRequest("unknown_parameter", "unknown query parameter '"
                        + com.arkenos.telephony.core.http.Text.printable(k, 40) + "'");
            }
        });
        String country = req.query("country").orElse("US").strip().toUpperCase(Locale.ROOT);
        if (!COUNTRY.matcher(country).matches()) {
            throw ApiError.invalid("country", "country must be an ISO 3166 two-letter code such as US");
        }
        String areaCode = req.query("area_code").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (areaCode != null && !AREA_CODE.matcher(areaCode).matches()) {
            throw ApiError.invalid("area_code", "area_code must be 1 to 6 digits, not starting with 0");
        }
        String contains = req.query("contains").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (contains != null && !CONTAINS.matcher(contains).matches()) {
            throw ApiError.invalid("contains", "contains must be 2 to 16 digits, letters or *");
        }
        NumberType type = switch (req.query("type").orElse("local").strip().toLowerCase(Locale.ROOT)) {
            case "local" -> NumberType.LOCAL;
            case "toll_free", "tollfree" -> NumberType.TOLL_FREE;
            case "mobile" -> NumberType.MOBILE;
            default -> throw ApiError.invalid("type", "type must be local, toll_free or mobile");
        };
        int limit = Cursors.limit(req.query("limit").orElse(null), 10, 50);
        List<AvailableNumber> found;
        try {
            found = telephony.providers().twilio().searchAvailable(new NumberSearch(country, type, areaCode == null ? null : Integer.valueOf(areaCode), contains, limit));
        } catch (ProviderException e) {
            if (!e.transient_() && e.httpStatus() == 404) {
                return HttpResponse.ok(Json.array());
            }
            throw NumbersService.providerError(e);
        }
        ArrayNode out = Json.array();
        for (AvailableNumber n : found) {
            ObjectNode o = out.addObject();
            o.put("phone_number", n.phoneNumber());
            o.put("friendly_name", n.friendlyName());
            o.put("locality", n.locality());
            o.put("region", n.region());
            ObjectNode caps = o.putObject("capabilities");
            n.capabilities().forEach(caps::put);
        }
        return HttpResponse.ok(out);
    }

    private HttpResponse buy(HttpRequest req) {
        String owner = req.owner();
        JsonBody body = req.jsonBody().allowOnly(Set.of("phone_number", "agent_id"));
        String phone = PhoneNumbers.requireE164("phone_number", body.requiredString("phone_number", 32));
        String agentId = agentId(body, "agent_id");
        Optional<String> key = req.header("idempotency-key");
        if (key.isPresent()) {
            if (!IDEMPOTENCY_KEY.matcher(key.get()).matches()) {
                throw ApiError.badRequest("invalid_idempotency_key", "Idempotency-Key must be 1-128 of A-Z a-z 0-9 _ . : -");
            }
            idempotency.claimOrMatch(owner + "#buy#" + key.get(), phone + "|" + agentId);
        }
        return number(service.buy(owner, phone, agentId));
    }

    private HttpResponse assign(HttpRequest req) {
        String owner = req.owner();
        JsonBody body = req.jsonBody().allowOnly(Set.of("phone_number", "agent_id"));
        String phone = PhoneNumbers.requireE164("phone_number", body.requiredString("phone_number", 32));
        NumberRecord r = service.assign(owner, phone, agentId(body, "agent_id"));
        ObjectNode out = r.toJson(NumbersService.stepsOf(r));
        return HttpResponse.ok(out);
    }

    private HttpResponse release(HttpRequest req) {
        String owner = req.owner();
        return number(service.release(owner, target(req)));
    }

    private HttpResponse retry(HttpRequest req) {
        String owner = req.owner();
        return number(service.retry(owner, target(req)));
    }

    /**
     * The dashboard's "Test &amp; Setup Pipeline": resumes what is not ACTIVE (as retry does), waits a bounded time
     * for the provisioning to settle, and answers the product's {@code {status: ready|partial|error, steps}}.
     */
    private HttpResponse provision(HttpRequest req) {
        String owner = req.owner();
        NumberRecord r = service.retry(owner, target(req));
        long deadline = System.nanoTime() + provisionWait.toNanos();
        while (SETTLING.contains(r.status()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(PROVISION_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            r = service.get(owner, r.phoneNumber());
        }
        return HttpResponse.ok(PipelineReport.of(r));
    }

    private HttpResponse reassign(HttpRequest req) {
        String owner = req.owner();
        JsonBody body = req.jsonBody().allowOnly(Set.of("phone_number", "target_agent_id"));
        String phone = PhoneNumbers.requireE164("phone_number", body.requiredString("phone_number", 32));
        NumberRecord before = service.get(owner, phone);
        NumberRecord r = service.reassign(owner, phone, agentId(body, "target_agent_id"));
        ObjectNode out = r.toJson(NumbersService.stepsOf(r));
        out.put("target_agent_id", r.agentId());
        out.put("source_agent_id", before.agentId());
        out.put("source_agent_name", before.agentId() == null ? null
                : telephony.agents().find(owner, before.agentId()).map(a -> a.name()).orElse(null));
        out.set("pipeline_result", PipelineReport.of(r));
        return HttpResponse.ok(out);
    }

    private HttpResponse list(HttpRequest req) {
        String owner = req.owner();
        int limit = Cursors.limit(req.query("limit").orElse(null), 50, 100);
        Page<NumberRecord> page = telephony.numbers().listByOwner(owner, limit, req.query("cursor").orElse(null));
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("numbers");
        page.items().forEach(r -> items.add(r.toJson(NumbersService.stepsOf(r))));
        out.put("next_cursor", page.nextCursor());
        return HttpResponse.ok(out);
    }

    private HttpResponse get(HttpRequest req) {
        String owner = req.owner();
        String phone = PhoneNumbers.fromDialled(req.pathParameter("phone_number"))
                .orElseThrow(() -> ApiError.notFound("number not found"));
        return number(service.get(owner, phone));
    }

    private HttpResponse check(HttpRequest req) {
        String owner = req.owner();
        String raw = req.query("phone_number").orElseThrow(() ->
                ApiError.badRequest("missing_parameter", "the phone_number query parameter is required"));
        String phone = PhoneNumbers.fromDialled(raw).orElseThrow(() ->
                ApiError.badRequest("invalid_phone_number", "phone_number must be an E.164 number such as +15105550100"));
        ObjectNode out = Json.object();
        out.put("phone_number", phone);
        Optional<NumberRecord> mine = service.assignedToCaller(owner, phone);
        out.put("assigned", mine.isPresent());
        mine.ifPresent(r -> {
            out.put("agent_id", r.agentId());
            telephony.agents().find(owner, r.agentId()).ifPresent(a -> out.put("agent_name", a.name()));
            out.put("status", r.status().name());
        });
        return HttpResponse.ok(out);
    }

    private static NumbersService.Target target(HttpRequest req) {
        JsonBody body = req.jsonBody().allowOnly(Set.of("agent_id", "phone_number"));
        boolean hasAgent = body.has("agent_id");
        boolean hasPhone = body.has("phone_number");
        if (hasAgent == hasPhone) {
            throw ApiError.badRequest("missing_field", "send exactly one of agent_id or phone_number");
        }
        return hasPhone
                ? new NumbersService.Target(PhoneNumbers.requireE164("phone_number", body.requiredString("phone_number", 32)), null)
                : new NumbersService.Target(null, agentId(body, "agent_id"));
    }

    private static String agentId(JsonBody body, String field) {
        String id = body.requiredString(field, 64);
        if (!Ids.isUuid(id)) {
            throw ApiError.notFound("agent not found");
        }
        return id;
    }

    private static HttpResponse number(NumberRecord r) {
        return HttpResponse.ok(r.toJson(NumbersService.stepsOf(r)));
    }
}
