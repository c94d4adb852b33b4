package com.arkenos.telephony.handlers.numbers;

import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.wiring.TelephonyWiring;

/**
 * {@code POST /api/telephony/numbers/buy}: buys a number for one of the caller's agents, exactly once (an
 * Idempotency-Key makes a retry answer the first request's number), and starts its provisioning.
 */
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
        NumberRequests.NumberForAgent asked = NumberRequests.numberForAgent(req);
        return NumberRequests.number(numbers.buy(owner, asked.phone(), asked.agentId(),
                NumberRequests.idempotencyKey(req)));
    }
}
