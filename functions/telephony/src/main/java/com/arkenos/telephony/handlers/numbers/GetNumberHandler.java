package com.arkenos.telephony.handlers.numbers;

import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.phone.PhoneNumbers;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.wiring.TelephonyWiring;

/**
 * {@code GET /api/telephony/numbers/{phone_number}}: one of the caller's numbers with its provisioning steps.
 */
public class GetNumberHandler extends HttpFunction {
    private final NumbersService numbers;

    public GetNumberHandler() {
        this(TelephonyWiring.current().numbers());
    }

    public GetNumberHandler(NumbersService numbers) {
        super("GET /api/telephony/numbers/{phone_number}");
        this.numbers = numbers;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        String owner = req.owner();
        String phone = PhoneNumbers.fromDialled(req.pathParameter("phone_number"))
                .orElseThrow(() -> ApiError.notFound("number not found"));
        return NumberRequests.number(numbers.get(owner, phone));
    }
}
