package com.arkenos.telephony.calls;

/** Who dialled: a caller reaching an agent's number, or an agent calling out. */
public enum CallDirection {
    INBOUND, OUTBOUND
}
