package com.arkenos.devkit.twilio;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One endpoint: method, path pattern (including the product prefix such as {@code /api} or {@code /trunking}),
 * the operation name the fault plan counts, the handler, and the 4xx a {@code PERMANENT} fault answers with.
 */
record Route(String method, Pattern pattern, String operation, Handler handler,
             Function<SandboxRequest, TwilioApiError> permanentFault) {

    @FunctionalInterface
    interface Handler {
        SandboxResponse handle(SandboxRequest request);
    }
}
