package com.arkenos.devkit.twilio;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Elastic SIP Trunking v1: trunks and their origination URLs, numbers, credential lists and IP ACLs. */
final class TrunkHandlers {
    private static final int MAX_PRIORITY_OR_WEIGHT = 65535;

    private final TrunkInventory trunks;
    private final SipInventory sip;
    private final TrunkingJson json;

    TrunkHandlers(TrunkInventory trunks, SipInventory sip, TrunkingJson json) {
        this.trunks = trunks;
        this.sip = sip;
        this.json = json;
    }

    SandboxResponse create(SandboxRequest request) {
        Params params = request.params();
        Model.Trunk trunk = trunks.create(params.get("FriendlyName").orElse(null),
                params.get("DomainName").orElse(null));
        return SandboxResponse.created(json.trunk(trunk));
    }

    SandboxResponse list(SandboxRequest request) {
        Paging.Window<Model.Trunk> window = Paging.window(trunks.all(), request.params());
        return SandboxResponse.ok(Paging.trunking("trunks", request.twilioPath(), window,
                window.items().stream().map(json::trunk).toList()));
    }

    SandboxResponse fetch(SandboxRequest request) {
        return SandboxResponse.ok(json.trunk(trunk(request)));
    }

    SandboxResponse update(SandboxRequest request) {
        Model.Trunk trunk = trunk(request);
        Params params = request.params();
        trunks.update(trunk, params.get("FriendlyName").orElse(null), params.get("DomainName").orElse(null));
        return SandboxResponse.ok(json.trunk(trunk));
    }

    SandboxResponse delete(SandboxRequest request) {
        trunks.delete(trunk(request));
        return SandboxResponse.noContent();
    }

    SandboxResponse createOriginationUrl(SandboxRequest request) {
        Model.Trunk trunk = trunk(request);
        Params params = request.params();
        int weight = params.requiredInteger("Weight", 0, MAX_PRIORITY_OR_WEIGHT);
        int priority = params.requiredInteger("Priority", 0, MAX_PRIORITY_OR_WEIGHT);
        params.required("Enabled");
        boolean enabled = params.bool("Enabled").orElseThrow();
        Model.OriginationUrl url = trunks.addOriginationUrl(trunk, params.required("FriendlyName"),
                params.required("SipUrl"), priority, weight, enabled);
        return SandboxResponse.created(json.originationUrl(url));
    }

    SandboxResponse listOriginationUrls(SandboxRequest request) {
        Model.Trunk trunk = trunk(request);
        Paging.Window<Model.OriginationUrl> window =
                Paging.window(List.copyOf(trunk.originationUrls.values()), request.params());
        return SandboxResponse.ok(Paging.trunking("origination_urls", request.twilioPath(), window,
                window.items().stream().map(json::originationUrl).toList()));
    }

    SandboxResponse deleteOriginationUrl(SandboxRequest request) {
        trunks.deleteOriginationUrl(trunk(request), request.pathParam(1), request.twilioPath());
        return SandboxResponse.noContent();
    }

    SandboxResponse associateNumber(SandboxRequest request) {
        Model.Trunk trunk = trunk(request);
        Model.OwnedNumber number = trunks.associate(trunk, request.params().required("PhoneNumberSid"),
                request.twilioPath());
        return SandboxResponse.created(json.phoneNumber(trunk.sid, number, trunk.phoneNumbers.get(number.sid)));
    }

    SandboxResponse fetchNumber(SandboxRequest request) {
        Model.Trunk trunk = trunk(request);
        Model.OwnedNumber number = trunks.trunkNumber(trunk, request.pathParam(1), request.twilioPath());
        return SandboxResponse.ok(json.phoneNumber(trunk.sid, number, trunk.phoneNumbers.get(number.sid)));
    }

    SandboxResponse listNumbers(SandboxRequest request) {
        Model.Trunk trunk = trunk(request);
        Paging.Window<Model.OwnedNumber> window = Paging.window(trunks.trunkNumbers(trunk), request.params());
        return SandboxResponse.ok(Paging.trunking("phone_numbers", request.twilioPath(), window,
                window.items().stream()
                        .map(n -> json.phoneNumber(trunk.sid, n, trunk.phoneNumbers.get(n.sid)))
                        .toList()));
    }

    SandboxResponse dissociateNumber(SandboxRequest request) {
        trunks.dissociate(trunk(request), request.pathParam(1), request.twilioPath());
        return SandboxResponse.noContent();
    }

    SandboxResponse linkCredentialList(SandboxRequest request) {
        Model.Trunk trunk = trunk(request);
        Model.CredentialList list = trunks.linkCredentialList(trunk,
                request.params().required("CredentialListSid"), request.twilioPath());
        return SandboxResponse.created(json.link(trunk.sid, "CredentialLists", list.sid, list.friendlyName,
                trunk.credentialLists.get(list.sid)));
    }

    SandboxResponse listCredentialLists(SandboxRequest request) {
        Model.Trunk trunk = trunk(request);
        return linkedPage(request, trunk, "credential_lists", "CredentialLists", trunk.credentialLists,
                sid -> sip.credentialList(sid).map(l -> l.friendlyName).orElse(null));
    }

    SandboxResponse unlinkCredentialList(SandboxRequest request) {
        TrunkInventory.unlink(trunk(request).credentialLists, request.pathParam(1), request.twilioPath());
        return SandboxResponse.noContent();
    }

    SandboxResponse linkIpAccessControlList(SandboxRequest request) {
        Model.Trunk trunk = trunk(request);
        Model.IpAccessControlList acl = trunks.linkIpAccessControlList(trunk,
                request.params().required("IpAccessControlListSid"), request.twilioPath());
        return SandboxResponse.created(json.link(trunk.sid, "IpAccessControlLists", acl.sid, acl.friendlyName,
                trunk.ipAccessControlLists.get(acl.sid)));
    }

    SandboxResponse listIpAccessControlLists(SandboxRequest request) {
        Model.Trunk trunk = trunk(request);
        return linkedPage(request, trunk, "ip_access_control_lists", "IpAccessControlLists",
                trunk.ipAccessControlLists,
                sid -> sip.ipAccessControlList(sid).map(a -> a.friendlyName).orElse(null));
    }

    SandboxResponse unlinkIpAccessControlList(SandboxRequest request) {
        TrunkInventory.unlink(trunk(request).ipAccessControlLists, request.pathParam(1), request.twilioPath());
        return SandboxResponse.noContent();
    }

    private SandboxResponse linkedPage(SandboxRequest request, Model.Trunk trunk, String key, String collection,
                                       Map<String, Instant> links, Function<String, String> friendlyName) {
        Paging.Window<String> window = Paging.window(List.copyOf(links.keySet()), request.params());
        return SandboxResponse.ok(Paging.trunking(key, request.twilioPath(), window, window.items().stream()
                .map(sid -> json.link(trunk.sid, collection, sid, friendlyName.apply(sid), links.get(sid)))
                .toList()));
    }

    private Model.Trunk trunk(SandboxRequest request) {
        return trunks.get(request.pathParam(0), request.twilioPath());
    }
}
