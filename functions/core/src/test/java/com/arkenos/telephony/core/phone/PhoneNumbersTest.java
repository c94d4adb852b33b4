package com.arkenos.telephony.core.phone;

import com.arkenos.telephony.core.errors.InvalidInputException;
import com.arkenos.telephony.core.http.HttpErrors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PhoneNumbersTest {
    @ParameterizedTest
    @ValueSource(strings = {"+15105550100", " +1 (510) 555-0100 ", "+1.510.555.0100", "+442071234567"})
    void requireE164_whenFormattedNumber_normalises(String input) {
        String out = PhoneNumbers.requireE164("phone_number", input);
        assertEquals(input.replaceAll("[^+0-9]", ""), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5105550100", "15105550100", "+0123", "abc", "", "+1510555010O", "+1234567890123456",
            "tel:+15105550100", "+1 510 555 0100; DROP", "\u0000+15105550100"})
    void requireE164_whenNotANumber_refusesWith400(String input) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PhoneNumbers.requireE164("phone_number", input));
        assertEquals(400, HttpErrors.status(e));
        assertEquals("invalid_phone_number", e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+15105550100", "15105550100", "5105550100", "tel:+1-510-555-0100",
            "sip:+15105550100@xyz.sip.livekit.cloud;user=phone", "SIP:15105550100@host", "0015105550100"})
    void fromDialled_acceptsTheFormsLiveKitAndTwilioSend(String input) {
        assertEquals(Optional.of("+15105550100"), PhoneNumbers.fromDialled(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "sip:alice@example.com", "+1", "12345"})
    void fromDialled_whenNotANumber_isEmpty(String input) {
        assertEquals(Optional.empty(), PhoneNumbers.fromDialled(input));
    }
}
