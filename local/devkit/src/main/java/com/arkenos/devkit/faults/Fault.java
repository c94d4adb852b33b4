package com.arkenos.devkit.faults;

/** The ways a sandboxed provider operation can be made to fail, as a real provider or network would. */
public enum Fault {
    /** HTTP 429 with the provider's own error body. */
    RATE_LIMITED,
    /** HTTP 500 with the provider's own error body. */
    SERVER_ERROR,
    /** The request is held longer than any sane client timeout, then the connection is dropped. */
    TIMEOUT,
    /** The connection is closed without a response. */
    RESET,
    /** A permanent 4xx the provider would send for this operation (400/404 with a provider code). */
    PERMANENT
}
