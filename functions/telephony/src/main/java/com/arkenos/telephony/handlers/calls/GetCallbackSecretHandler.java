package com.arkenos.telephony.handlers.calls;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.auth.CallbackSigning;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;

/**
 * {@code GET /api/callbacks/secret}: the owner's secret for checking the signature of their call status callbacks
 * ({@code x-arkenos-signature}, see {@link CallbackSigning} and docs/callbacks.md). Each owner sees only their own.
 */
public class GetCallbackSecretHandler extends HttpFunction {
    private final CallbackSigning signing;

    public GetCallbackSecretHandler() {
        this(CallbackSigning.from(Env.system()));
    }

    public GetCallbackSecretHandler(CallbackSigning signing) {
        super("GET /api/callbacks/secret");
        this.signing = signing;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        String owner = req.owner();
        return HttpResponse.ok(Json.object().put("secret", signing.ownerSecret(owner))
                .put("previous_secret", signing.previousOwnerSecret(owner).orElse(null)).put("scheme", "v1")
                .put("signature_header", CallbackSigning.SIGNATURE_HEADER)
                .put("timestamp_header", CallbackSigning.TIMESTAMP_HEADER))
                .withHeader("cache-control", "no-store"); // a secret: no cache on the way keeps a copy
    }
}
