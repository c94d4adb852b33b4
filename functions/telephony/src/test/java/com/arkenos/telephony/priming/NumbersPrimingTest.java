package com.arkenos.telephony.priming;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.numbers.NumbersFunction;
import com.arkenos.telephony.testing.Events;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NumbersFunction primes reads, a Twilio search and a purchase on stand-ins, then serves with its own wiring. */
class NumbersPrimingTest {
    @RegisterExtension
    static final PrimingFixture fx = new PrimingFixture();

    @Test
    void beforeCheckpoint_servesItsRoutesOnStandIns_andTheFunctionThenServesWithItsOwnWiring() throws Exception {
        NumbersFunction numbers = new NumbersFunction(fx.env("NumbersFunction"));

        List<String> lines = PrimingFixture.logged(() -> numbers.beforeCheckpoint(null));

        PrimingFixture.assertPrimed(lines, "NumbersFunction");
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
        HttpResponse get = numbers.handle(Events.asUser(owner, "GET", "/api/telephony/numbers/" + phone, null));
        assertEquals(200, get.status(), get.body());
        assertEquals(phone, Json.parse(get.body()).path("phone_number").asText());
        HttpResponse search = numbers.handle(Events.http("GET", "/api/telephony/numbers/search?country=US&area_code=510",
                Map.of(), null));
        assertEquals(200, search.status(), search.body());
        JsonNode found = Json.parse(search.body());
        assertTrue(found.isArray() && found.size() > 0, search.body());
        assertFalse(search.body().contains(PrimingWorld.NEW_PHONE), "the search reached the stand-in: " + search.body());
        assertTrue(fx.reached("dynamodb") && fx.reached("twilio"),
                "the function's own DynamoDB and Twilio served the requests: " + fx.reached());
    }

    @Test
    void beforeCheckpoint_withCredentialsInSecretsManager_fetchesNoSecret() {
        NumbersFunction numbers = new NumbersFunction(fx.env("NumbersFunction", Map.of(
                "TWILIO_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:twilio",
                "LIVEKIT_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:livekit",
                "TERMINATION_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:termination")));

        List<String> lines = PrimingFixture.logged(() -> numbers.beforeCheckpoint(null));

        PrimingFixture.assertPrimed(lines, "NumbersFunction");
        assertTrue(PrimingFixture.served(lines, "GET /api/telephony/numbers/search", 200), String.join("\n", lines));
        fx.assertNothingReached();
    }
}
