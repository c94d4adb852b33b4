package com.arkenos.telephony.calls;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.errors.ForbiddenException;
import com.arkenos.telephony.core.errors.InvalidInputException;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where outbound calls may go: the countries of {@code OUTBOUND_COUNTRY_ALLOWLIST} (template parameter
 * {@code OutboundCountryAllowlist}, ISO 3166 codes, default US and CA), never a premium-rate number and never an
 * international network. The owner pays for every minute and a leaked account is worth most to whoever can dial
 * numbers that pay them back (toll fraud, "international revenue share"), so the country is decided by
 * libphonenumber, not by the country code: +1 is shared by the US, Canada and some twenty Caribbean and Pacific
 * countries and territories (+1 876 Jamaica, +1 809 Dominican Republic, +1 284 British Virgin Islands) that cost many
 * times more.
 */
public final class OutboundDestinations {
    public static final String DEFAULT_ALLOWLIST = "US,CA";
    /**
     * Refused whatever the allowlist says: NANP premium services (+1 900, +1 976) and the international networks
     * (+881 satellite, +882 and +883 international networks) that no country's rules price.
     */
    static final List<String> ALWAYS_REFUSED_PREFIXES = List.of("+1900", "+1976", "+881", "+882", "+883");

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private final Set<String> countries;

    public OutboundDestinations(Set<String> countries) {
        this.countries = Set.copyOf(countries);
    }

    public static OutboundDestinations from(Env env) {
        String list = env.getOrDefault("OUTBOUND_COUNTRY_ALLOWLIST", DEFAULT_ALLOWLIST);
        return new OutboundDestinations(Arrays.stream(list.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).map(s -> s.toUpperCase(Locale.ROOT)).collect(Collectors.toSet()));
    }

    /** Loads the phone metadata of the allowed countries, as a first {@link #check} would. */
    public void warmUp() {
        for (String country : countries) {
            PHONES.getExampleNumber(country);
        }
    }

    /** Refuses (403 {@code destination_not_allowed}) an E.164 number this deployment does not call. */
    public void check(String e164) {
        for (String prefix : ALWAYS_REFUSED_PREFIXES) {
            if (e164.startsWith(prefix)) {
                throw refused(e164 + " is a premium-rate or international-network number (" + prefix
                        + "); such numbers are never called");
            }
        }
        PhoneNumber number;
        try {
            number = PHONES.parse(e164, null);
        } catch (NumberParseException e) {
            throw new InvalidInputException("invalid_phone_number", "'phone_number' is not a dialable number");
        }
        if (PHONES.getNumberType(number) == PhoneNumberUtil.PhoneNumberType.PREMIUM_RATE) {
            throw refused(e164 + " is a premium-rate number; such numbers are never called");
        }
        String region = PHONES.getRegionCodeForNumber(number);
        if (region == null || !countries.contains(region)) {
            throw refused("calls to " + (region == null || "001".equals(region) ? "numbers of no known country"
                    : region + " (" + new Locale("", region).getDisplayCountry(Locale.ENGLISH) + ")")
                    + " are not allowed; this deployment calls " + String.join(", ", new TreeSet<>(countries))
                    + " (OutboundCountryAllowlist)");
        }
    }

    private static ForbiddenException refused(String message) {
        return new ForbiddenException("destination_not_allowed", message);
    }
}
