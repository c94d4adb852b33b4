package com.arkenos.telephony.handlers.numbers;

import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.wiring.TelephonyWiring;

/**
 * {@code POST /api/telephony/numbers/release}: removes a number's routing; the number stays in the Twilio account.
 */
public class ReleaseNumberHandler extends HttpFunction {
    private final NumbersService numbers;

    public ReleaseNumberHandler() {
        this(TelephonyWiring.current().numbers());
    }

    public ReleaseNumberHandler(NumbersService numbers) {
        super("POST /api/telephony/numbers/release");
        this.numbers = numbers;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        String owner = req.owner();
        return NumberRequests.number(numbers.release(owner, NumberRequests.target(req)));
    }
}
