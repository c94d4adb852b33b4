package com.arkenos.devkit.twilio;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * API 2010-04-01 representations, field for field as Twilio's OpenAPI document lists them. Unset SIDs and URLs
 * are sent as Twilio sends them ({@code ""} or null), never omitted.
 */
final class V2010Json {
    private final String accountSid;
    private final String accountPath;

    V2010Json(String accountSid) {
        this.accountSid = accountSid;
        this.accountPath = "/2010-04-01/Accounts/" + accountSid;
    }

    Map<String, Object> availableNumber(PoolNumber n) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("friendly_name", n.friendlyName());
        json.put("phone_number", n.phoneNumber());
        json.put("lata", n.locality().lata());
        json.put("locality", n.locality().locality());
        json.put("rate_center", n.locality().rateCenter());
        json.put("latitude", n.locality().latitude());
        json.put("longitude", n.locality().longitude());
        json.put("region", n.locality().region());
        json.put("postal_code", n.locality().postalCode());
        json.put("iso_country", n.isoCountry());
        json.put("address_requirements", n.addressRequirements());
        json.put("beta", false);
        json.put("capabilities", n.capabilities().availableJson());
        return json;
    }

    Map<String, Object> incomingPhoneNumber(Model.OwnedNumber n) {
        String created = TwilioDates.rfc2822(n.created);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", accountSid);
        json.put("address_sid", null);
        json.put("address_requirements", n.number.addressRequirements());
        json.put("api_version", "2010-04-01");
        json.put("beta", false);
        json.put("capabilities", n.number.capabilities().incomingJson());
        json.put("date_created", created);
        json.put("date_updated", created);
        json.put("friendly_name", n.friendlyName);
        json.put("identity_sid", null);
        json.put("phone_number", n.number.phoneNumber());
        json.put("origin", "twilio");
        json.put("sid", n.sid);
        putUnsetRouting(json);
        json.put("trunk_sid", n.trunkSid);
        json.put("uri", accountPath + "/IncomingPhoneNumbers/" + n.sid + ".json");
        json.put("voice_receive_mode", "voice");
        json.put("emergency_status", "Inactive");
        json.put("emergency_address_sid", null);
        json.put("emergency_address_status", "unregistered");
        json.put("bundle_sid", null);
        json.put("status", "in-use");
        json.put("type", n.number.kind().type());
        return json;
    }

    /**
     * The webhook fields of a number nobody configured: Twilio sends {@code ""} for unset SIDs and URLs and
     * POST for methods. A number routed by a trunk ignores them; they are shared with the trunk's number view.
     */
    static void putUnsetRouting(Map<String, Object> json) {
        json.put("sms_application_sid", "");
        json.put("sms_fallback_method", "POST");
        json.put("sms_fallback_url", "");
        json.put("sms_method", "POST");
        json.put("sms_url", "");
        json.put("status_callback", "");
        json.put("status_callback_method", "POST");
        json.put("voice_application_sid", "");
        json.put("voice_caller_id_lookup", false);
        json.put("voice_fallback_method", "POST");
        json.put("voice_fallback_url", "");
        json.put("voice_method", "POST");
        json.put("voice_url", "");
    }

    Map<String, Object> credentialList(Model.CredentialList list) {
        String uri = accountPath + "/SIP/CredentialLists/" + list.sid;
        String created = TwilioDates.rfc2822(list.created);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", accountSid);
        json.put("date_created", created);
        json.put("date_updated", created);
        json.put("friendly_name", list.friendlyName);
        json.put("sid", list.sid);
        json.put("subresource_uris", Map.of("credentials", uri + "/Credentials.json"));
        json.put("uri", uri + ".json");
        return json;
    }

    Map<String, Object> credential(Model.Credential c) {
        String created = TwilioDates.rfc2822(c.created());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sid", c.sid());
        json.put("account_sid", accountSid);
        json.put("credential_list_sid", c.credentialListSid());
        json.put("username", c.username());
        json.put("date_created", created);
        json.put("date_updated", created);
        json.put("uri", accountPath + "/SIP/CredentialLists/" + c.credentialListSid() + "/Credentials/" + c.sid()
                + ".json");
        return json;
    }

    Map<String, Object> ipAccessControlList(Model.IpAccessControlList acl) {
        String uri = accountPath + "/SIP/IpAccessControlLists/" + acl.sid;
        String created = TwilioDates.rfc2822(acl.created);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sid", acl.sid);
        json.put("account_sid", accountSid);
        json.put("friendly_name", acl.friendlyName);
        json.put("date_created", created);
        json.put("date_updated", created);
        json.put("subresource_uris", Map.of("ip_addresses", uri + "/IpAddresses.json"));
        json.put("uri", uri + ".json");
        return json;
    }

    Map<String, Object> ipAddress(Model.IpAddress a) {
        String created = TwilioDates.rfc2822(a.created());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sid", a.sid());
        json.put("account_sid", accountSid);
        json.put("friendly_name", a.friendlyName());
        json.put("ip_address", a.ipAddress());
        json.put("cidr_prefix_length", a.cidrPrefixLength());
        json.put("ip_access_control_list_sid", a.ipAccessControlListSid());
        json.put("date_created", created);
        json.put("date_updated", created);
        json.put("uri", accountPath + "/SIP/IpAccessControlLists/" + a.ipAccessControlListSid() + "/IpAddresses/"
                + a.sid() + ".json");
        return json;
    }
}
