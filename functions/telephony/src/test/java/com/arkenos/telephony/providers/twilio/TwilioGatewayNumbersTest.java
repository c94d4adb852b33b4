package com.arkenos.telephony.providers.twilio;

import static com.arkenos.devkit.twilio.TwilioOperations.AVAILABLE_PHONE_NUMBERS_LIST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arkenos.devkit.twilio.SandboxNumber;
import com.arkenos.telephony.providers.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TwilioGatewayNumbersTest extends SandboxGatewayTestBase {

    @Test
    void searchAvailable_localWithAreaCode_returnsVoiceNumbersOfThatArea() {
        List<AvailableNumber> numbers = gateway.searchAvailable(NumberSearch.local("US", 510, 5));

        assertEquals(List.of("+15105550100", "+15105550101", "+15105550102", "+15105550103", "+15105550104"),
                numbers.stream().map(AvailableNumber::phoneNumber).toList());
        AvailableNumber first = numbers.get(0);
        assertEquals("(510) 555-0100", first.friendlyName());
        assertEquals("Oakland", first.locality());
        assertEquals("CA", first.region());
        assertEquals("US", first.isoCountry());
        assertTrue(first.capabilities().get("voice"));
        assertTrue(first.capabilities().get("sms"), "SMS capability must survive the SDK's parsing");
        assertEquals(1, sandbox.faults().calls(AVAILABLE_PHONE_NUMBERS_LIST));
    }

    @Test
    void searchAvailable_withContainsPattern_returnsOnlyMatchingNumbers() {
        List<AvailableNumber> digits =
                gateway.searchAvailable(new NumberSearch("US", NumberType.LOCAL, 510, "5550142", 10));
        List<AvailableNumber> keypadLetters =
                gateway.searchAvailable(new NumberSearch("US", NumberType.LOCAL, 510, "55501A2", 10));

        assertEquals(List.of("+15105550142"), digits.stream().map(AvailableNumber::phoneNumber).toList());
        assertEquals(List.of("+15105550122"), keypadLetters.stream().map(AvailableNumber::phoneNumber).toList());
    }

    @Test
    void searchAvailable_tollFree_returnsNumbersWithThatPrefix() {
        List<AvailableNumber> numbers =
                gateway.searchAvailable(new NumberSearch("US", NumberType.TOLL_FREE, 888, null, 3));

        assertEquals(3, numbers.size());
        assertTrue(numbers.stream().allMatch(n -> n.phoneNumber().startsWith("+1888555")), numbers.toString());
    }

    @Test
    void searchAvailable_mobileInUnitedKingdom_returnsGbMobileNumbers() {
        List<AvailableNumber> numbers =
                gateway.searchAvailable(new NumberSearch("gb", NumberType.MOBILE, null, null, 2));

        assertEquals(List.of("+447700900000", "+447700900001"),
                numbers.stream().map(AvailableNumber::phoneNumber).toList());
        assertEquals("GB", numbers.get(0).isoCountry());
    }

    @Test
    void searchAvailable_countryWithoutStock_isPermanentNotFound() {
        assertFails(ProviderException.Permanent.class, 404, "20404",
                () -> gateway.searchAvailable(NumberSearch.local("ZZ", null, 5)));
    }

    @Test
    void searchAvailable_numberTypeTheCountryDoesNotSell_isPermanentNotFound() {
        assertFails(ProviderException.Permanent.class, 404, "20404",
                () -> gateway.searchAvailable(new NumberSearch("US", NumberType.MOBILE, null, null, 5)));
    }

    @Test
    void buy_whenNumberAvailable_returnsOwnedNumberAndLeavesPool() {
        String wanted = gateway.searchAvailable(NumberSearch.local("US", 415, 1)).get(0).phoneNumber();

        OwnedNumber owned = gateway.buy(wanted);

        assertTrue(owned.sid().matches("PN[0-9a-f]{32}"), owned.sid());
        assertEquals(wanted, owned.phoneNumber());
        assertEquals(Optional.of(owned.sid()), sandbox.ownedNumber(wanted).map(SandboxNumber::sid));
        assertEquals(1, sandbox.purchases(wanted));
        List<String> stillForSale = gateway.searchAvailable(NumberSearch.local("US", 415, 50)).stream()
                .map(AvailableNumber::phoneNumber).toList();
        assertFalse(stillForSale.contains(wanted));
        assertEquals("+14155550101", stillForSale.get(0));
    }

    @Test
    void buy_sameNumberTwice_isPermanentNotAvailableAndCountsOnePurchase() {
        OwnedNumber owned = buyLocal(212);

        assertFails(ProviderException.Permanent.class, 400, "21422", () -> gateway.buy(owned.phoneNumber()));
        assertEquals(1, sandbox.purchases(owned.phoneNumber()));
        assertEquals(1, sandbox.ownedNumbers().size());
    }

    @Test
    void buy_numberTwilioNeverOffered_isPermanentNotAvailable() {
        assertFails(ProviderException.Permanent.class, 400, "21422", () -> gateway.buy("+15105559999"));
        assertEquals(List.of(), sandbox.ownedNumbers());
    }

    @Test
    void buy_sameNumberFromManyThreadsAtOnce_sellsItExactlyOnce() throws Exception {
        String wanted = gateway.searchAvailable(NumberSearch.local("US", 312, 1)).get(0).phoneNumber();
        int buyers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(buyers);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < buyers; i++) {
                Callable<Boolean> attempt = () -> {
                    start.await();
                    try {
                        gateway.buy(wanted);
                        return true;
                    } catch (ProviderException.Permanent e) {
                        return false;
                    }
                };
                attempts.add(pool.submit(attempt));
            }
            start.countDown();
            int sold = 0;
            for (Future<Boolean> attempt : attempts) {
                sold += attempt.get() ? 1 : 0;
            }
            assertEquals(1, sold);
            assertEquals(1, sandbox.purchases(wanted));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void findOwned_boughtNumber_returnsItWithItsSid() {
        OwnedNumber owned = buyLocal(206);

        assertEquals(Optional.of(owned), gateway.findOwned(owned.phoneNumber()));
    }

    @Test
    void findOwned_whenOnlyALongerNumberStartsWithIt_isEmpty() {
        OwnedNumber owned = buyLocal(206);
        String prefixOfOwned = owned.phoneNumber().substring(0, owned.phoneNumber().length() - 1);

        assertEquals(Optional.empty(), gateway.findOwned(prefixOfOwned));
        assertEquals(Optional.empty(), gateway.findOwned("+12065550199"));
    }
}
