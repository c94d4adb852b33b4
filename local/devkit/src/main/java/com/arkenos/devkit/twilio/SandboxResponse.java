package com.arkenos.devkit.twilio;

/** A successful answer: a status and a JSON body, or no body for 204. */
record SandboxResponse(int status, Object body) {

    static SandboxResponse ok(Object body) {
        return new SandboxResponse(200, body);
    }

    static SandboxResponse created(Object body) {
        return new SandboxResponse(201, body);
    }

    static SandboxResponse noContent() {
        return new SandboxResponse(204, null);
    }
}
