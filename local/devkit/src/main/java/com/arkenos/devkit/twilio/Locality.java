package com.arkenos.devkit.twilio;

import java.util.Locale;

/**
 * Where a block of numbers is. Twilio sends coordinates as strings, and the US/Canada-only fields
 * (LATA, rate centre, postal code) as null elsewhere.
 */
record Locality(String locality, String region, String postalCode, String latitude, String longitude,
                String rateCenter, String lata) {

    static Locality nanp(String locality, String region, String postalCode, String latitude, String longitude,
                         String lata) {
        return new Locality(locality, region, postalCode, latitude, longitude,
                locality.toUpperCase(Locale.ROOT), lata);
    }

    static Locality elsewhere(String locality, String region) {
        return new Locality(locality, region, null, null, null, null, null);
    }

    static Locality none() {
        return new Locality(null, null, null, null, null, null, null);
    }
}
