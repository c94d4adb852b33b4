package com.arkenos.telephony.handlers.operator;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.auth.OperatorAccess;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.TokenCheck;
import com.arkenos.telephony.provisioning.InfraStore;
import com.arkenos.telephony.provisioning.SipInfrastructure;
import com.arkenos.telephony.wiring.TelephonyWiring;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * {@code GET /api/operator/sip-infrastructure}, operators only: each shared SIP resource as recorded (its id and
 * attributes), when the sweeper last verified it against its provider, and the last repair made. Nothing secret is
 * recorded there: termination passwords live in their secret only.
 */
public class GetSipInfrastructureHandler extends HttpFunction {
    private static final List<String> RESOURCES = List.of(SipInfrastructure.TWILIO_TRUNK,
            SipInfrastructure.LIVEKIT_INBOUND, SipInfrastructure.DISPATCH_RULE, SipInfrastructure.CREDENTIAL_LIST,
            SipInfrastructure.LIVEKIT_OUTBOUND);
    private final InfraStore store;
    private final OperatorAccess operators;

    public GetSipInfrastructureHandler() {
        this(TelephonyWiring.current());
    }

    private GetSipInfrastructureHandler(TelephonyWiring wiring) {
        this(wiring.infraStore(), wiring.operatorAccess(), wiring.bearerTokens());
    }

    public GetSipInfrastructureHandler(InfraStore store, OperatorAccess operators, TokenCheck tokens) {
        super("GET /api/operator/sip-infrastructure", tokens);
        this.store = store;
        this.operators = operators;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        operators.check(req);
        ObjectNode out = Json.object();
        var list = out.putArray("resources");
        for (String resource : RESOURCES) {
            ObjectNode r = list.addObject().put("resource", resource);
            var recorded = store.get(resource);
            r.put("recorded", recorded.isPresent());
            recorded.ifPresent(attributes -> attributes.forEach(r::put));
        }
        return HttpResponse.ok(out);
    }
}
