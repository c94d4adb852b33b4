package com.arkenos.telephony.handlers.numbers;

import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.wiring.TelephonyWiring;

/**
 * {@code POST /api/telephony/numbers/retry}: resumes a number's provisioning or release from where it stopped.
 */
public class RetryNumberHandler extends HttpFunction {
    private final NumbersService numbers;

    public RetryNumberHandler() {
        this(TelephonyWiring.current().numbers());
    }

    public RetryNumberHandler(NumbersService numbers) {
        super("POST /api/telephony/numbers/retry");
        this.numbers = numbers;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        String owner = req.owner();
        return NumberRequests.number(numbers.retry(owner, NumberRequests.target(req)));
    }
}
