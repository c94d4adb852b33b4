package com.arkenos.telephony.handlers.numbers;

import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.wiring.TelephonyWiring;

/**
 * {@code POST /api/telephony/numbers/assign}: assigns a number the Twilio account already owns to one of the caller's
 * agents and starts its provisioning.
 */
public class AssignNumberHandler extends HttpFunction {
    private final NumbersService numbers;

    public AssignNumberHandler() {
        this(TelephonyWiring.current().numbers());
    }

    public AssignNumberHandler(NumbersService numbers) {
        super("POST /api/telephony/numbers/assign");
        this.numbers = numbers;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        String owner = req.owner();
        NumberRequests.NumberForAgent asked = NumberRequests.numberForAgent(req);
        return NumberRequests.number(numbers.assign(owner, asked.phone(), asked.agentId()));
    }
}
