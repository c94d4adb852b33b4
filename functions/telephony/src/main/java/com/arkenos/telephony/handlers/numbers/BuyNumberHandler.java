package com.arkenos.telephony.handlers.numbers;

import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.JsonBody;
import com.arkenos.telephony.core.phone.PhoneNumbers;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.wiring.TelephonyWiring;

import java.util.Set;

/** {@code POST /api/telephony/numbers/buy}: buys a number for one of the caller's agents, exactly once (an Idempotency-Key makes
 * a retry answer the first request's number), and starts its provisioning. */
public class BuyNumberHandler extends HttpFunction {
    private final NumbersService numbers;

    public BuyNumberHandler() {
        this(TelephonyWiring.current().numbers());
    }

    public BuyNumberHandler(NumbersService numbers) {
        super("POST /api/telephony/numbers/buy");
        this.numbers = numbers;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        String owner = req.owner();
        JsonBody body = req.jsonBody().allowOnly(Set.of("phone_number", "agent_id"));
        String phone = PhoneNumbers.requireE164("phone_number", body.requiredString("phone_number", 32));
        String agentId = NumberRequests.agentId(body, "agent_id");
        return NumberRequests.number(numbers.buy(owner, phone, agentId, NumberRequests.idempotencyKey(req)));
    }
}
