package com.arkenos.devkit.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sandbox's account as one JSON document: owned numbers, purchase counts, SIP lists, trunks and the SID
 * counters with their seed, so that a restarted local stack finds what DynamoDB still refers to and never hands
 * out a SID twice. Read and written under the sandbox lock. Passwords are not kept (the sandbox keeps none).
 */
final class TwilioState {
    static final int VERSION = 1;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private TwilioState() {
    }

    static ObjectNode snapshot(Sids sids, NumberInventory numbers, SipInventory sip, TrunkInventory trunks) {
        ObjectNode state = F.objectNode().put("version", VERSION).put("sid_seed", sids.seed());
        ObjectNode counters = state.putObject("sid_counters");
        sids.counters().forEach(counters::put);
        ArrayNode owned = state.putArray("incoming_phone_numbers");
        numbers.all().forEach(n -> owned.addObject().put("sid", n.sid).put("phone_number", n.number.phoneNumber())
                .put("friendly_name", n.friendlyName).put("date_created", n.created.toString())
                .put("trunk_sid", n.trunkSid));
        ObjectNode purchases = state.putObject("purchases");
        numbers.purchases().forEach(purchases::put);
        ArrayNode lists = state.putArray("credential_lists");
        sip.credentialLists().forEach(l -> {
            ArrayNode credentials = lists.addObject().put("sid", l.sid).put("friendly_name", l.friendlyName)
                    .put("date_created", l.created.toString()).putArray("credentials");
            l.credentials.values().forEach(c -> credentials.addObject().put("sid", c.sid())
                    .put("username", c.username()).put("date_created", c.created().toString()));
        });
        ArrayNode acls = state.putArray("ip_access_control_lists");
        sip.ipAccessControlLists().forEach(a -> {
            ArrayNode addresses = acls.addObject().put("sid", a.sid).put("friendly_name", a.friendlyName)
                    .put("date_created", a.created.toString()).putArray("ip_addresses");
            a.addresses.values().forEach(ip -> addresses.addObject().put("sid", ip.sid())
                    .put("friendly_name", ip.friendlyName()).put("ip_address", ip.ipAddress())
                    .put("cidr_prefix_length", ip.cidrPrefixLength()).put("date_created", ip.created().toString()));
        });
        ArrayNode trunkList = state.putArray("trunks");
        trunks.all().forEach(t -> {
            ObjectNode trunk = trunkList.addObject().put("sid", t.sid).put("friendly_name", t.friendlyName)
                    .put("domain_name", t.domainName).put("date_created", t.created.toString())
                    .put("date_updated", t.updated.toString());
            ArrayNode urls = trunk.putArray("origination_urls");
            t.originationUrls.values().forEach(u -> urls.addObject().put("sid", u.sid())
                    .put("friendly_name", u.friendlyName()).put("sip_url", u.sipUrl()).put("priority", u.priority())
                    .put("weight", u.weight()).put("enabled", u.enabled()).put("date_created", u.created().toString()));
            putLinks(trunk.putObject("phone_numbers"), t.phoneNumbers);
            putLinks(trunk.putObject("credential_lists"), t.credentialLists);
            putLinks(trunk.putObject("ip_access_control_lists"), t.ipAccessControlLists);
        });
        return state;
    }

    /** Fills empty inventories from {@code state}; a number no longer in the stock is dropped with its links. */
    static void restore(JsonNode state, Sids sids, NumberInventory numbers, SipInventory sip, TrunkInventory trunks) {
        if (state.path("version").asInt() != VERSION) {
            throw new IllegalStateException("unknown Twilio sandbox state version " + state.path("version"));
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        state.path("sid_counters").fields().forEachRemaining(e -> counters.put(e.getKey(), e.getValue().asLong()));
        sids.restore(counters);
        for (JsonNode n : state.path("incoming_phone_numbers")) {
            numbers.stock(n.path("phone_number").asText()).ifPresent(stock -> {
                Model.OwnedNumber owned = new Model.OwnedNumber(n.path("sid").asText(), stock,
                        n.path("friendly_name").asText(), instant(n));
                owned.trunkSid = text(n, "trunk_sid");
                numbers.restore(owned);
            });
        }
        Map<String, Integer> purchases = new LinkedHashMap<>();
        state.path("purchases").fields().forEachRemaining(e -> purchases.put(e.getKey(), e.getValue().asInt()));
        numbers.restorePurchases(purchases);
        for (JsonNode l : state.path("credential_lists")) {
            Model.CredentialList list = new Model.CredentialList(l.path("sid").asText(),
                    l.path("friendly_name").asText(), instant(l));
            for (JsonNode c : l.path("credentials")) {
                list.credentials.put(c.path("sid").asText(), new Model.Credential(c.path("sid").asText(), list.sid,
                        c.path("username").asText(), instant(c)));
            }
            sip.restore(list);
        }
        for (JsonNode a : state.path("ip_access_control_lists")) {
            Model.IpAccessControlList acl = new Model.IpAccessControlList(a.path("sid").asText(),
                    a.path("friendly_name").asText(), instant(a));
            for (JsonNode ip : a.path("ip_addresses")) {
                acl.addresses.put(ip.path("sid").asText(), new Model.IpAddress(ip.path("sid").asText(), acl.sid,
                        ip.path("friendly_name").asText(), ip.path("ip_address").asText(),
                        ip.path("cidr_prefix_length").asInt(), instant(ip)));
            }
            sip.restore(acl);
        }
        for (JsonNode t : state.path("trunks")) {
            Model.Trunk trunk = new Model.Trunk(t.path("sid").asText(), text(t, "friendly_name"),
                    text(t, "domain_name"), instant(t));
            trunk.updated = Instant.parse(t.path("date_updated").asText(trunk.created.toString()));
            for (JsonNode u : t.path("origination_urls")) {
                trunk.originationUrls.put(u.path("sid").asText(), new Model.OriginationUrl(u.path("sid").asText(),
                        trunk.sid, text(u, "friendly_name"), u.path("sip_url").asText(), u.path("priority").asInt(),
                        u.path("weight").asInt(), u.path("enabled").asBoolean(), instant(u)));
            }
            t.path("phone_numbers").fields().forEachRemaining(e -> {
                if (numbers.bySid(e.getKey()).isPresent()) {
                    trunk.phoneNumbers.put(e.getKey(), Instant.parse(e.getValue().asText()));
                }
            });
            readLinks(t.path("credential_lists"), trunk.credentialLists);
            readLinks(t.path("ip_access_control_lists"), trunk.ipAccessControlLists);
            trunks.restore(trunk);
        }
    }

    private static void putLinks(ObjectNode json, Map<String, Instant> links) {
        links.forEach((sid, at) -> json.put(sid, at.toString()));
    }

    private static void readLinks(JsonNode json, Map<String, Instant> links) {
        json.fields().forEachRemaining(e -> links.put(e.getKey(), Instant.parse(e.getValue().asText())));
    }

    private static Instant instant(JsonNode node) {
        return Instant.parse(node.path("date_created").asText());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }
}
