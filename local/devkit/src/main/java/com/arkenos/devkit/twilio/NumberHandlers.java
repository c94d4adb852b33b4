package com.arkenos.devkit.twilio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** AvailablePhoneNumbers and IncomingPhoneNumbers (API 2010-04-01). */
final class NumberHandlers {
    private static final List<String> SEARCH_FILTERS =
            List.of("AreaCode", "Contains", "VoiceEnabled", "SmsEnabled", "MmsEnabled", "FaxEnabled");
    private static final List<String> LIST_FILTERS = List.of("PhoneNumber", "FriendlyName");

    private final NumberPlans plans;
    private final NumberInventory numbers;
    private final V2010Json json;

    NumberHandlers(NumberPlans plans, NumberInventory numbers, V2010Json json) {
        this.plans = plans;
        this.numbers = numbers;
        this.json = json;
    }

    /** Twilio does not page number searches: one page of at most PageSize matches, no next page. */
    SandboxResponse searchAvailable(SandboxRequest request) {
        CountryPlan country = plans.country(request.pathParam(0))
                .orElseThrow(() -> TwilioApiError.notFound(request.twilioPath()));
        NumberKind kind = NumberKind.fromResource(request.pathParam(1))
                .filter(country::offers)
                .orElseThrow(() -> TwilioApiError.notFound(request.twilioPath()));
        Params params = request.params();
        Predicate<PoolNumber> filter = capabilityFilter(params);
        if (params.get("Contains").isPresent()) {
            Predicate<String> contains = NumberPattern.compile("Contains", params.get("Contains").get());
            filter = filter.and(n -> contains.test(n.phoneNumber()));
        }
        Paging.Window<PoolNumber> window = Paging.onlyPage(params);
        List<Map<String, Object>> items = numbers.forSale(country, kind, params.integer("AreaCode").orElse(null))
                .stream()
                .filter(filter)
                .limit(window.pageSize())
                .map(json::availableNumber)
                .toList();
        return SandboxResponse.ok(Paging.v2010("available_phone_numbers", request.twilioPath(),
                filters(params, SEARCH_FILTERS), window, items));
    }

    SandboxResponse buy(SandboxRequest request) {
        Params params = request.params();
        Model.OwnedNumber owned = numbers.buy(params.required("PhoneNumber"), params.get("FriendlyName").orElse(null));
        return SandboxResponse.created(json.incomingPhoneNumber(owned));
    }

    SandboxResponse list(SandboxRequest request) {
        Params params = request.params();
        Stream<Model.OwnedNumber> owned = numbers.all().stream();
        if (params.get("PhoneNumber").isPresent()) {
            Predicate<String> pattern = NumberPattern.compile("PhoneNumber", params.get("PhoneNumber").get());
            owned = owned.filter(n -> pattern.test(n.number.phoneNumber()));
        }
        if (params.get("FriendlyName").isPresent()) {
            String friendlyName = params.get("FriendlyName").get();
            owned = owned.filter(n -> n.friendlyName.equals(friendlyName));
        }
        Paging.Window<Model.OwnedNumber> window = Paging.window(owned.toList(), params);
        return SandboxResponse.ok(Paging.v2010("incoming_phone_numbers", request.twilioPath(),
                filters(params, LIST_FILTERS), window,
                window.items().stream().map(json::incomingPhoneNumber).toList()));
    }

    SandboxResponse fetch(SandboxRequest request) {
        Model.OwnedNumber owned = numbers.bySid(request.pathParam(0))
                .orElseThrow(() -> TwilioApiError.notFound(request.twilioPath()));
        return SandboxResponse.ok(json.incomingPhoneNumber(owned));
    }

    /** Releases the number from the account (and from its trunk); it goes back to the stock for sale. */
    SandboxResponse release(SandboxRequest request) {
        numbers.release(request.pathParam(0)).orElseThrow(() -> TwilioApiError.notFound(request.twilioPath()));
        return SandboxResponse.noContent();
    }

    /** Only {@code true} narrows the search; Twilio ignores a capability that is not asked for. */
    private static Predicate<PoolNumber> capabilityFilter(Params params) {
        Predicate<PoolNumber> filter = n -> true;
        if (params.bool("VoiceEnabled").orElse(false)) {
            filter = filter.and(n -> n.capabilities().voice());
        }
        if (params.bool("SmsEnabled").orElse(false)) {
            filter = filter.and(n -> n.capabilities().sms());
        }
        if (params.bool("MmsEnabled").orElse(false)) {
            filter = filter.and(n -> n.capabilities().mms());
        }
        if (params.bool("FaxEnabled").orElse(false)) {
            filter = filter.and(n -> n.capabilities().fax());
        }
        return filter;
    }

    /** The filters a client sent, so that page URIs repeat them as Twilio's do. */
    private static Map<String, String> filters(Params params, List<String> names) {
        Map<String, String> filters = new LinkedHashMap<>();
        names.forEach(name -> params.get(name).ifPresent(value -> filters.put(name, value)));
        return filters;
    }
}
