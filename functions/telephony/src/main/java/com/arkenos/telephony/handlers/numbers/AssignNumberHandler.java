package com.arkenos.telephony.handlers.numbers;

import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.JsonBody;
import com.arkenos.telephony.core.phone.PhoneNumbers;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.wiring.TelephonyWiring;

import java.util.Set;

/** {@code POST /api/telephony/numbers/assign}: assigns a number the Twilio account already owns to one of the caller's agents and
 * starts its provisioning. */
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
        JsonBody body = req.jsonBody().allowOnly(Set.of("phone_number", "agent_id"));
        String phone = PhoneNumbers.requireE164("phone_number", body.requiredString("phone_number", 32));
        return NumberRequests.number(numbers.assign(owner, phone, NumberRequests.agentId(body, "agent_id")));
    }
}
