package com.arkenos.devkit.twilio;

import java.util.Arrays;
import java.util.Optional;

/** The AvailablePhoneNumbers sub-resources the sandbox stocks, with the {@code type} Twilio reports once bought. */
enum NumberKind {
    LOCAL("Local", "local"),
    TOLL_FREE("TollFree", "toll-free"),
    MOBILE("Mobile", "mobile");

    private final String resource;
    private final String type;

    NumberKind(String resource, String type) {
        this.resource = resource;
        this.type = type;
    }

    /** The path segment, as in {@code AvailablePhoneNumbers/US/TollFree.json}. */
    String resource() {
        return resource;
    }

    /** The IncomingPhoneNumber {@code type} field. */
    String type() {
        return type;
    }

    static Optional<NumberKind> fromResource(String resource) {
        return Arrays.stream(values()).filter(k -> k.resource.equals(resource)).findFirst();
    }
}
