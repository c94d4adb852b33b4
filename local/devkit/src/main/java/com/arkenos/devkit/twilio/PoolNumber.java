package com.arkenos.devkit.twilio;

/** A number in the sandbox's stock, whether still for sale or already bought. */
record PoolNumber(String phoneNumber, String friendlyName, String isoCountry, NumberKind kind, Locality locality,
                  String addressRequirements, Capabilities capabilities) {
}
