package com.arkenos.devkit.twilio;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Numbers for sale and numbers owned. Guarded by the sandbox lock. */
final class NumberInventory {
    private final NumberPlans plans;
    private final Sids sids;
    private final Clock clock;
    private final Map<String, Model.OwnedNumber> bySid = new LinkedHashMap<>();
    private final Map<String, Model.OwnedNumber> byPhoneNumber = new HashMap<>();
    private final Map<String, Integer> purchases = new HashMap<>();
    private Consumer<Model.OwnedNumber> onRelease = n -> { };

    NumberInventory(NumberPlans plans, Sids sids, Clock clock) {
        this.plans = plans;
        this.sids = sids;
        this.clock = clock;
    }

    /** A bought number leaves the pool: searches never offer it again. */
    List<PoolNumber> forSale(CountryPlan country, NumberKind kind, Integer areaCode) {
        return country.numbers(kind, areaCode).stream()
                .filter(n -> !byPhoneNumber.containsKey(n.phoneNumber()))
                .toList();
    }

    Model.OwnedNumber buy(String phoneNumber, String friendlyName) {
        if (!NumberPattern.isE164(phoneNumber)) {
            throw TwilioApiError.badRequest(TwilioErrorCodes.PHONE_NUMBER_INVALID,
                    "The requested phone number " + phoneNumber + " is not a valid phone number");
        }
        PoolNumber number = plans.lookup(phoneNumber)
                .filter(n -> !byPhoneNumber.containsKey(n.phoneNumber()))
                .orElseThrow(() -> TwilioApiError.badRequest(TwilioErrorCodes.PHONE_NUMBER_NOT_AVAILABLE,
                        "PhoneNumber " + phoneNumber + " is not available"));
        Model.OwnedNumber owned = new Model.OwnedNumber(sids.next("PN"), number,
                friendlyName == null ? number.friendlyName() : friendlyName, clock.instant());
        bySid.put(owned.sid, owned);
        byPhoneNumber.put(number.phoneNumber(), owned);
        purchases.merge(number.phoneNumber(), 1, Integer::sum);
        return owned;
    }

    Optional<Model.OwnedNumber> bySid(String sid) {
        return Optional.ofNullable(bySid.get(sid));
    }

    Optional<Model.OwnedNumber> byPhoneNumber(String phoneNumber) {
        return Optional.ofNullable(byPhoneNumber.get(phoneNumber));
    }

    /** Removes an owned number; whoever listens (the trunks holding it) is told first. */
    Optional<Model.OwnedNumber> release(String sid) {
        Model.OwnedNumber owned = bySid.remove(sid);
        if (owned != null) {
            byPhoneNumber.remove(owned.number.phoneNumber());
            onRelease.accept(owned);
        }
        return Optional.ofNullable(owned);
    }

    /** Called with each released number, under the sandbox lock. */
    void onRelease(Consumer<Model.OwnedNumber> listener) {
        this.onRelease = listener;
    }

    List<Model.OwnedNumber> all() {
        return new ArrayList<>(bySid.values());
    }

    int purchases(String phoneNumber) {
        return purchases.getOrDefault(phoneNumber, 0);
    }

    /** Purchases per number, owned or since released. */
    Map<String, Integer> purchases() {
        return new LinkedHashMap<>(purchases);
    }

    /** Puts back a number saved by an earlier run. */
    void restore(Model.OwnedNumber owned) {
        bySid.put(owned.sid, owned);
        byPhoneNumber.put(owned.number.phoneNumber(), owned);
    }

    void restorePurchases(Map<String, Integer> saved) {
        purchases.putAll(saved);
    }

    Optional<PoolNumber> stock(String phoneNumber) {
        return plans.lookup(phoneNumber);
    }

    void clear() {
        bySid.clear();
        byPhoneNumber.clear();
        purchases.clear();
    }
}
