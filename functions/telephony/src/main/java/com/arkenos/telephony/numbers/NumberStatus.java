package com.arkenos.telephony.numbers;

/** Where a number is in its lifecycle; the dashboard shows it as progress. */
public enum NumberStatus {
    /** Claimed for an agent; the Twilio purchase is under way (or its outcome is not yet recorded). */
    PURCHASING,
    /** In the Twilio account and held by an agent; the provisioning execution is routing it. */
    PROVISIONING,
    /** Routed: a call to it reaches its agent. */
    ACTIVE,
    /** A provisioning or release step failed after its retries; {@code retry} resumes it. */
    FAILED,
    /** The release execution is removing its routing. */
    RELEASING,
    /** No routing and no agent; still in the Twilio account. */
    RELEASED
}
