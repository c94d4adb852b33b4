package com.arkenos.devkit.twilio;

import java.util.Map;

/** SIP credential lists, credentials, IP access control lists and IP addresses (API 2010-04-01). */
final class SipHandlers {
    private static final int DEFAULT_CIDR = 32;
    private static final int MIN_CIDR = 8;

    private final SipInventory sip;
    private final V2010Json json;

    SipHandlers(SipInventory sip, V2010Json json) {
        this.sip = sip;
        this.json = json;
    }

    SandboxResponse createCredentialList(SandboxRequest request) {
        Model.CredentialList list = sip.createCredentialList(request.params().required("FriendlyName"));
        return SandboxResponse.created(json.credentialList(list));
    }

    SandboxResponse listCredentialLists(SandboxRequest request) {
        Paging.Window<Model.CredentialList> window = Paging.window(sip.credentialLists(), request.params());
        return SandboxResponse.ok(Paging.v2010("credential_lists", request.twilioPath(), Map.of(), window,
                window.items().stream().map(json::credentialList).toList()));
    }

    SandboxResponse fetchCredentialList(SandboxRequest request) {
        return SandboxResponse.ok(json.credentialList(credentialList(request)));
    }

    SandboxResponse deleteCredentialList(SandboxRequest request) {
        sip.deleteCredentialList(credentialList(request));
        return SandboxResponse.noContent();
    }

    SandboxResponse createCredential(SandboxRequest request) {
        Model.CredentialList list = credentialList(request);
        Params params = request.params();
        Model.Credential credential =
                sip.addCredential(list, params.required("Username"), params.required("Password"));
        return SandboxResponse.created(json.credential(credential));
    }

    SandboxResponse listCredentials(SandboxRequest request) {
        Model.CredentialList list = credentialList(request);
        Paging.Window<Model.Credential> window =
                Paging.window(list.credentials.values().stream().toList(), request.params());
        return SandboxResponse.ok(Paging.v2010("credentials", request.twilioPath(), Map.of(), window,
                window.items().stream().map(json::credential).toList()));
    }

    SandboxResponse deleteCredential(SandboxRequest request) {
        sip.deleteCredential(credentialList(request), request.pathParam(1), request.twilioPath());
        return SandboxResponse.noContent();
    }

    SandboxResponse createIpAccessControlList(SandboxRequest request) {
        Model.IpAccessControlList acl = sip.createIpAccessControlList(request.params().required("FriendlyName"));
        return SandboxResponse.created(json.ipAccessControlList(acl));
    }

    SandboxResponse listIpAccessControlLists(SandboxRequest request) {
        Paging.Window<Model.IpAccessControlList> window =
                Paging.window(sip.ipAccessControlLists(), request.params());
        return SandboxResponse.ok(Paging.v2010("ip_access_control_lists", request.twilioPath(), Map.of(), window,
                window.items().stream().map(json::ipAccessControlList).toList()));
    }

    SandboxResponse fetchIpAccessControlList(SandboxRequest request) {
        return SandboxResponse.ok(json.ipAccessControlList(ipAccessControlList(request)));
    }

    SandboxResponse deleteIpAccessControlList(SandboxRequest request) {
        sip.deleteIpAccessControlList(ipAccessControlList(request));
        return SandboxResponse.noContent();
    }

    SandboxResponse createIpAddress(SandboxRequest request) {
        Model.IpAccessControlList acl = ipAccessControlList(request);
        Params params = request.params();
        Model.IpAddress address = sip.addIpAddress(acl, params.required("FriendlyName"),
                params.required("IpAddress"), params.integer("CidrPrefixLength", DEFAULT_CIDR, MIN_CIDR, 32));
        return SandboxResponse.created(json.ipAddress(address));
    }

    SandboxResponse listIpAddresses(SandboxRequest request) {
        Model.IpAccessControlList acl = ipAccessControlList(request);
        Paging.Window<Model.IpAddress> window =
                Paging.window(acl.addresses.values().stream().toList(), request.params());
        return SandboxResponse.ok(Paging.v2010("ip_addresses", request.twilioPath(), Map.of(), window,
                window.items().stream().map(json::ipAddress).toList()));
    }

    private Model.CredentialList credentialList(SandboxRequest request) {
        return sip.credentialList(request.pathParam(0))
                .orElseThrow(() -> TwilioApiError.notFound(request.twilioPath()));
    }

    private Model.IpAccessControlList ipAccessControlList(SandboxRequest request) {
        return sip.ipAccessControlList(request.pathParam(0))
                .orElseThrow(() -> TwilioApiError.notFound(request.twilioPath()));
    }
}
