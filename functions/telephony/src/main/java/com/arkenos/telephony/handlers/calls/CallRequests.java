package com.arkenos.telephony.handlers.calls;

import com.arkenos.telephony.core.Ids;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpRequest;

/** What the calls routes read from a request, the same way for each of them. */
final class CallRequests {
    private CallRequests() {
    }

    /** Call ids are UUIDs; anything else cannot name a call, so it is answered like an unknown one. */
    static String callId(HttpRequest req) {
        String id = req.pathParameter("call_id");
        if (!Ids.isUuid(id)) {
            throw ApiError.notFound("call not found");
        }
        return id;
    }
}
