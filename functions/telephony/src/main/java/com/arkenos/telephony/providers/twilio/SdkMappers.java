package com.arkenos.telephony.providers.twilio;

import com.twilio.type.PhoneNumber;
import com.twilio.type.PhoneNumberCapabilities;
import java.net.URI;
import java.util.Map;

/** SDK resources to the gateway's records. Twilio sends {@code ""} for unset SIDs: those become null. */
final class SdkMappers {
    private SdkMappers() {
    }

    static AvailableNumber available(com.twilio.rest.api.v2010.account.availablephonenumbercountry.Local n) {
        return available(n.getPhoneNumber(), n.getFriendlyName(), n.getLocality(), n.getRegion(), n.getIsoCountry(),
                n.getCapabilities());
    }

    static AvailableNumber available(com.twilio.rest.api.v2010.account.availablephonenumbercountry.TollFree n) {
        return available(n.getPhoneNumber(), n.getFriendlyName(), n.getLocality(), n.getRegion(), n.getIsoCountry(),
                n.getCapabilities());
    }

    static AvailableNumber available(com.twilio.rest.api.v2010.account.availablephonenumbercountry.Mobile n) {
        return available(n.getPhoneNumber(), n.getFriendlyName(), n.getLocality(), n.getRegion(), n.getIsoCountry(),
                n.getCapabilities());
    }

    static OwnedNumber owned(com.twilio.rest.api.v2010.account.IncomingPhoneNumber n) {
        return new OwnedNumber(n.getSid(), endpoint(n.getPhoneNumber()), n.getFriendlyName(),
                blankToNull(n.getTrunkSid()));
    }

    static SipTrunk trunk(com.twilio.rest.trunking.v1.Trunk t) {
        return new SipTrunk(t.getSid(), t.getFriendlyName(), blankToNull(t.getDomainName()));
    }

    static OriginationUrl originationUrl(com.twilio.rest.trunking.v1.trunk.OriginationUrl u) {
        return new OriginationUrl(u.getSid(), u.getTrunkSid(), u.getFriendlyName(), text(u.getSipUrl()),
                orZero(u.getPriority()), orZero(u.getWeight()), Boolean.TRUE.equals(u.getEnabled()));
    }

    static CredentialList credentialList(com.twilio.rest.api.v2010.account.sip.CredentialList l) {
        return new CredentialList(l.getSid(), l.getFriendlyName());
    }

    static IpAccessControlList ipAccessControlList(com.twilio.rest.api.v2010.account.sip.IpAccessControlList a) {
        return new IpAccessControlList(a.getSid(), a.getFriendlyName());
    }

    private static AvailableNumber available(PhoneNumber phoneNumber, PhoneNumber friendlyName, String locality,
                                             String region, String isoCountry, PhoneNumberCapabilities c) {
        Map<String, Boolean> capabilities = c == null
                ? Map.of("voice", false, "sms", false, "mms", false)
                : Map.of("voice", c.getVoice(), "sms", c.getSms(), "mms", c.getMms());
        return new AvailableNumber(endpoint(phoneNumber), endpoint(friendlyName), locality, region, isoCountry,
                capabilities);
    }

    private static String endpoint(PhoneNumber number) {
        return number == null ? null : number.getEndpoint();
    }

    private static String text(URI uri) {
        return uri == null ? null : uri.toString();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
