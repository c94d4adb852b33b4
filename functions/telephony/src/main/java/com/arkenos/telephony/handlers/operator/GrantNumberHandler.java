package com.arkenos.telephony.handlers.operator;

import com.arkenos.telephony.core.auth.OperatorAccess;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.JsonBody;
import com.arkenos.telephony.core.http.TokenCheck;
import com.arkenos.telephony.core.phone.PhoneNumbers;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.wiring.TelephonyWiring;

import java.util.Set;

/**
 * {@code POST /api/operator/numbers/grants} {@code {"phone_number", "owner_id"}}, operators only: lets one owner
 * assign a number of the Twilio account that was never recorded here (the only way such a number reaches an agent,
 * unless the deployment allows any user to, AllowUnrecordedAccountNumbers). The template leaves the route without
 * the JWT authorizer so the operator's key works; an operator's token is checked here.
 */
public class GrantNumberHandler extends HttpFunction {
    private final NumbersService numbers;
    private final OperatorAccess operators;

    public GrantNumberHandler() {
        this(TelephonyWiring.current());
    }

    private GrantNumberHandler(TelephonyWiring wiring) {
        this(wiring.numbers(), wiring.operatorAccess(), wiring.bearerTokens());
    }

    public GrantNumberHandler(NumbersService numbers, OperatorAccess operators, TokenCheck tokens) {
        super("POST /api/operator/numbers/grants", tokens);
        this.numbers = numbers;
        this.operators = operators;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        operators.check(req);
        JsonBody body = req.jsonBody().allowOnly(Set.of("phone_number", "owner_id"));
        String phone = PhoneNumbers.requireE164("phone_number", body.requiredString("phone_number", 32));
        String owner = body.requiredString("owner_id", 128);
        if (!HttpRequest.isOwnerId(owner)) {
            throw ApiError.badRequest("invalid_owner_id", "owner_id must be 1-128 characters of letters, digits and"
                    + " _.:@|+-");
        }
        NumberRecord granted = numbers.grant(phone, owner);
        return HttpResponse.ok(com.arkenos.telephony.core.Json.object().put("phone_number", granted.phoneNumber())
                .put("owner_id", granted.owner()).put("status", granted.status().name())
                .put("granted_at", granted.createdAt().toString()));
    }
}
