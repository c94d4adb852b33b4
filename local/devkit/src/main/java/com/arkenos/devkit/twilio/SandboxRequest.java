package com.arkenos.devkit.twilio;

import java.util.List;

/**
 * One routed request. {@code twilioPath} is the path as Twilio itself would see it (without the sandbox's
 * product prefix), which is what Twilio echoes in {@code uri} fields and in 404 messages.
 */
record SandboxRequest(String twilioPath, List<String> pathParams, Params params) {

    String pathParam(int index) {
        return pathParams.get(index);
    }
}
