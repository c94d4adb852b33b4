package com.arkenos.telephony.priming;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.handlers.numbers.AssignNumberHandler;
import com.arkenos.telephony.handlers.numbers.BuyNumberHandler;
import com.arkenos.telephony.handlers.numbers.GetNumberEventsHandler;
import com.arkenos.telephony.handlers.numbers.ProvisionNumberHandler;
import com.arkenos.telephony.handlers.numbers.ReassignNumberHandler;
import com.arkenos.telephony.handlers.numbers.ReleaseNumberHandler;
import com.arkenos.telephony.handlers.numbers.RetryNumberHandler;
import com.arkenos.telephony.handlers.numbers.CheckNumberHandler;
import com.arkenos.telephony.handlers.numbers.GetNumberHandler;
import com.arkenos.telephony.handlers.numbers.ListNumbersHandler;
import com.arkenos.telephony.handlers.numbers.SearchNumbersHandler;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.testing.Events;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The numbers handlers prime reads, a Twilio search and a purchase on stand-ins, then serve with their own wiring. */
class NumbersPrimingTest {
    @RegisterExtension
    static final PrimingFixture fx = new PrimingFixture();

    private static <T extends HttpFunction> T build(String functionId, Map<String, String> extra, Supplier<T> handler) {
        return Env.hosting(fx.env(functionId, extra), handler);
    }

    @Test
    void beforeCheckpoint_servesItsRoutesOnStandIns_andTheFunctionThenServesWithItsOwnWiring() throws Exception {
        GetNumberHandler get = build("GetNumberFunction", Map.of(), GetNumberHandler::new);
        SearchNumbersHandler search = build("SearchNumbersFunction", Map.of(), SearchNumbersHandler::new);
        List<HttpFunction> handlers = List.of(get, build("ListNumbersFunction", Map.of(), ListNumbersHandler::new),
                build("CheckNumberFunction", Map.of(), CheckNumberHandler::new), search,
                build("BuyNumberFunction", Map.of(), BuyNumberHandler::new));

        List<String> lines = new ArrayList<>();
        for (HttpFunction h : handlers) {
            List<String> primed = PrimingFixture.logged(() -> h.beforeCheckpoint(null));
            PrimingFixture.assertPrimed(primed, h.getClass().getSimpleName());
            lines.addAll(primed);
        }

        String all = String.join("\n", lines);
        for (String route : List.of("GET /api/telephony/numbers/{phone_number}", "GET /api/telephony/numbers",
                "GET /api/telephony/numbers/check", "GET /api/telephony/numbers/search",
                "POST /api/telephony/numbers/buy")) {
            assertTrue(PrimingFixture.served(lines, route, 200), route + " primed with a success:\n" + all);
        }
        assertTrue(PrimingFixture.standInRequests(lines, "twilio") >= 2, "the search and the purchase went to the "
                + "Twilio stand-in:\n" + all);
        assertTrue(PrimingFixture.standInRequests(lines, "sfn") >= 1, "the execution started on the stand-in:\n" + all);
        fx.assertNothingReached();

        String owner = "owner-" + UUID.randomUUID();
        String phone = Seeds.newPhone();
        Seeds.number(owner, phone, UUID.randomUUID().toString(), NumberStatus.ACTIVE, null);
        HttpResponse got = get.handle(Events.asUser(owner, "GET", "/api/telephony/numbers/" + phone, null));
        assertEquals(200, got.status(), got.body());
        assertEquals(phone, Json.parse(got.body()).path("phone_number").asText());
        HttpResponse searched = search.handle(Events.http("GET",
                "/api/telephony/numbers/search?country=US&area_code=510", Map.of(), null));
        assertEquals(200, searched.status(), searched.body());
        JsonNode found = Json.parse(searched.body());
        assertTrue(found.isArray() && found.size() > 0, searched.body());
        assertFalse(searched.body().contains(PrimingWorld.NEW_PHONE), "the search reached the stand-in: "
                + searched.body());
        assertTrue(fx.reached("dynamodb") && fx.reached("twilio"),
                "the function's own DynamoDB and Twilio served the requests: " + fx.reached());
    }

    @Test
    void beforeCheckpoint_withCredentialsInSecretsManager_fetchesNoSecret() {
        SearchNumbersHandler search = build("SearchNumbersFunction", Map.of(
                "TWILIO_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:twilio",
                "LIVEKIT_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:livekit",
                "TERMINATION_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:termination"),
                SearchNumbersHandler::new);

        List<String> lines = PrimingFixture.logged(() -> search.beforeCheckpoint(null));

        PrimingFixture.assertPrimed(lines, "SearchNumbersHandler");
        assertTrue(PrimingFixture.served(lines, "GET /api/telephony/numbers/search", 200), String.join("\n", lines));
        fx.assertNothingReached();
    }

    /** The routes that change a number prime too: each is its own function now, with nothing warmed beside it. */
    @Test
    void beforeCheckpoint_ofTheOtherNumbersRoutes_servesThemOnStandIns_withoutAFailure() {
        List<HttpFunction> handlers = List.of(build("AssignNumberFunction", Map.of(), AssignNumberHandler::new),
                build("ReleaseNumberFunction", Map.of(), ReleaseNumberHandler::new),
                build("RetryNumberFunction", Map.of(), RetryNumberHandler::new),
                build("ProvisionNumberFunction", Map.of(), ProvisionNumberHandler::new),
                build("ReassignNumberFunction", Map.of(), ReassignNumberHandler::new),
                build("GetNumberEventsFunction", Map.of(), GetNumberEventsHandler::new));
        for (HttpFunction h : handlers) {
            List<String> lines = PrimingFixture.logged(() -> h.beforeCheckpoint(null));
            PrimingFixture.assertPrimed(lines, h.getClass().getSimpleName());
            String route = h.routeKeys().get(0);
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"request\"")
                    && l.contains("\"route\":\"" + route + "\"") && l.matches(".*\"status\":[234]\\d\\d,.*")),
                    route + " answered without a server error:\n" + String.join("\n", lines));
        }
        fx.assertNothingReached();
    }
}
