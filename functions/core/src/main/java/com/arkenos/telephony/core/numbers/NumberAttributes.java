package com.arkenos.telephony.core.numbers;

/**
 * The attributes of the numbers table that more than one function reads. The lookup function reads them without
 * the telephony code (and its provider SDKs) on its classpath.
 */
public final class NumberAttributes {
    public static final String PHONE = "phone_number";
    public static final String OWNER = "owner_id";
    public static final String AGENT = "agent_id";
    public static final String STATUS = "status";
    public static final String SID = "twilio_sid";
    public static final String ACTIVE = "ACTIVE";

    private NumberAttributes() {
    }
}
