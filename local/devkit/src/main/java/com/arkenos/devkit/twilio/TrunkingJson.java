package com.arkenos.devkit.twilio;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Trunking v1 representations, field for field as Twilio's OpenAPI document lists them, with ISO 8601 dates. */
final class TrunkingJson {
    static final String HOST = "https://trunking.twilio.com";

    private final String accountSid;

    TrunkingJson(String accountSid) {
        this.accountSid = accountSid;
    }

    Map<String, Object> trunk(Model.Trunk t) {
        String url = trunkUrl(t.sid);
        List<String> authTypes = new ArrayList<>();
        if (!t.credentialLists.isEmpty()) {
            authTypes.add("CREDENTIAL_LIST");
        }
        if (!t.ipAccessControlLists.isEmpty()) {
            authTypes.add("IP_ACL");
        }
        Map<String, Object> recording = new LinkedHashMap<>();
        recording.put("mode", "do-not-record");
        recording.put("trim", "do-not-trim");
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("origination_urls", url + "/OriginationUrls");
        links.put("credential_lists", url + "/CredentialLists");
        links.put("ip_access_control_lists", url + "/IpAccessControlLists");
        links.put("phone_numbers", url + "/PhoneNumbers");
        links.put("recording", url + "/Recording");

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", accountSid);
        json.put("domain_name", t.domainName);
        json.put("disaster_recovery_method", null);
        json.put("disaster_recovery_url", null);
        json.put("friendly_name", t.friendlyName);
        json.put("secure", false);
        json.put("recording", recording);
        json.put("transfer_mode", "disable-all");
        json.put("transfer_caller_id", "from-transferee");
        json.put("cnam_lookup_enabled", false);
        json.put("auth_type", String.join(",", authTypes));
        json.put("symmetric_rtp_enabled", false);
        json.put("auth_type_set", authTypes);
        json.put("date_created", TwilioDates.iso8601(t.created));
        json.put("date_updated", TwilioDates.iso8601(t.updated));
        json.put("sid", t.sid);
        json.put("url", url);
        json.put("links", links);
        return json;
    }

    Map<String, Object> originationUrl(Model.OriginationUrl u) {
        String created = TwilioDates.iso8601(u.created());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", accountSid);
        json.put("sid", u.sid());
        json.put("trunk_sid", u.trunkSid());
        json.put("weight", u.weight());
        json.put("enabled", u.enabled());
        json.put("sip_url", u.sipUrl());
        json.put("friendly_name", u.friendlyName());
        json.put("priority", u.priority());
        json.put("date_created", created);
        json.put("date_updated", created);
        json.put("url", trunkUrl(u.trunkSid()) + "/OriginationUrls/" + u.sid());
        return json;
    }

    Map<String, Object> phoneNumber(String trunkSid, Model.OwnedNumber n, Instant linked) {
        String created = TwilioDates.iso8601(n.created);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", accountSid);
        json.put("address_requirements", n.number.addressRequirements());
        json.put("api_version", "2010-04-01");
        json.put("beta", false);
        json.put("capabilities", n.number.capabilities().incomingJson());
        json.put("date_created", created);
        json.put("date_updated", TwilioDates.iso8601(linked));
        json.put("friendly_name", n.friendlyName);
        json.put("links", Map.of("phone_number",
                "https://api.twilio.com/2010-04-01/Accounts/" + accountSid + "/IncomingPhoneNumbers/" + n.sid));
        json.put("phone_number", n.number.phoneNumber());
        json.put("sid", n.sid);
        V2010Json.putUnsetRouting(json);
        json.put("trunk_sid", trunkSid);
        json.put("url", trunkUrl(trunkSid) + "/PhoneNumbers/" + n.sid);
        return json;
    }

    /** A credential list or IP access control list as linked to a trunk: same shape for both. */
    Map<String, Object> link(String trunkSid, String collection, String sid, String friendlyName, Instant linked) {
        String at = TwilioDates.iso8601(linked);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", accountSid);
        json.put("sid", sid);
        json.put("trunk_sid", trunkSid);
        json.put("friendly_name", friendlyName);
        json.put("date_created", at);
        json.put("date_updated", at);
        json.put("url", trunkUrl(trunkSid) + "/" + collection + "/" + sid);
        return json;
    }

    private static String trunkUrl(String trunkSid) {
        return HOST + "/v1/Trunks/" + trunkSid;
    }
}
