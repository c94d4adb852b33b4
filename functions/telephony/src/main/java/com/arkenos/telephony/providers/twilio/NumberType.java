package com.arkenos.telephony.providers.twilio;

/** The kinds of number Twilio sells, one AvailablePhoneNumbers sub-resource each. */
public enum NumberType {
    LOCAL,
    TOLL_FREE,
    MOBILE
}
