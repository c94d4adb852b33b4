"""Drives the local Twilio sandbox with the official twilio Python SDK over every operation the Java gateway
(SdkTwilioGateway) uses, as an independent client: if the sandbox drifted from Twilio's wire format, this SDK's
own parsing or URL building would fail here. Prints one line per scenario and a closing
"twilio-python: N passed, M failed" line; exits 1 when a scenario failed.

    TWILIO_SANDBOX_URL=http://127.0.0.1:PORT TWILIO_ACCOUNT_SID=AC... TWILIO_AUTH_TOKEN=... python check.py
"""
import json
import os
import re
import sys
import time
import traceback
from urllib.parse import urlsplit

from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

SANDBOX = os.environ["TWILIO_SANDBOX_URL"].rstrip("/")
SID = os.environ["TWILIO_ACCOUNT_SID"]
TOKEN = os.environ["TWILIO_AUTH_TOKEN"]


class SandboxHttpClient(TwilioHttpClient):
    """The SDK's documented hook for its transport is http_client. This one keeps the SDK's own client (requests
    session, form encoding, auth) and only sends https://PRODUCT.twilio.com/PATH to SANDBOX/PRODUCT/PATH."""

    def request(self, method, url, *args, **kwargs):
        parts = urlsplit(url)
        product = parts.hostname.split(".")[0]
        query = "?" + parts.query if parts.query else ""
        return super().request(method, f"{SANDBOX}/{product}{parts.path}{query}", *args, **kwargs)


def client(token=TOKEN):
    return Client(SID, token, http_client=SandboxHttpClient())


api = client()
scenarios = []
bought_count = [0]


def scenario(name):
    def register(run):
        scenarios.append((name, run))
        return run
    return register


def buy_number():
    offered = api.available_phone_numbers("US").local.list(area_code=510, voice_enabled=True, limit=20)
    number = offered[bought_count[0]].phone_number
    bought_count[0] += 1
    return api.incoming_phone_numbers.create(phone_number=number)


def expect_rest_error(call, status, code=None):
    try:
        call()
    except TwilioRestException as e:
        assert e.status == status, f"status {e.status}, expected {status}: {e}"
        assert code is None or e.code == code, f"code {e.code}, expected {code}: {e}"
        return
    raise AssertionError(f"no error, expected {status}")


@scenario("search Local numbers by area code")
def search_local():
    found = api.available_phone_numbers("US").local.list(area_code=510, voice_enabled=True, limit=5)
    assert len(found) == 5
    for n in found:
        assert re.fullmatch(r"\+1510\d{7}", n.phone_number), n.phone_number
        assert n.capabilities["voice"] is True
        assert n.iso_country == "US"


@scenario("search TollFree numbers")
def search_toll_free():
    found = api.available_phone_numbers("US").toll_free.list(voice_enabled=True, limit=3)
    assert len(found) == 3 and all(re.fullmatch(r"\+18\d{9}", n.phone_number) for n in found)


@scenario("search Mobile numbers")
def search_mobile():
    found = api.available_phone_numbers("GB").mobile.list(voice_enabled=True, limit=3)
    assert len(found) == 3 and all(n.phone_number.startswith("+447") for n in found)


@scenario("buy a number (201) and no longer find it for sale")
def buy():
    bought = buy_number()
    assert re.fullmatch(r"PN[0-9a-f]{32}", bought.sid) and bought.account_sid == SID
    assert bought.date_created is not None
    offered = api.available_phone_numbers("US").local.list(area_code=510, limit=50)
    assert bought.phone_number not in [n.phone_number for n in offered], "a bought number is still for sale"


@scenario("buying a number not for sale is refused (400, 21422)")
def buy_unavailable():
    expect_rest_error(lambda: api.incoming_phone_numbers.create(phone_number="+15105559999"), 400, 21422)


@scenario("find an owned number by phone number, and fetch it")
def find_owned():
    bought = buy_number()
    assert [n.sid for n in api.incoming_phone_numbers.list(phone_number=bought.phone_number)] == [bought.sid]
    assert api.incoming_phone_numbers(bought.sid).fetch().phone_number == bought.phone_number


@scenario("delete an owned number (204), then it is gone (404)")
def delete_owned():
    bought = buy_number()
    assert api.incoming_phone_numbers(bought.sid).delete() is True
    expect_rest_error(lambda: api.incoming_phone_numbers(bought.sid).fetch(), 404, 20404)
    assert api.incoming_phone_numbers.list(phone_number=bought.phone_number) == []


@scenario("trunks: create, list, fetch, update domain, delete")
def trunks():
    trunk = api.trunking.v1.trunks.create(friendly_name="arkenos-python")
    assert re.fullmatch(r"TK[0-9a-f]{32}", trunk.sid)
    assert trunk.sid in [t.sid for t in api.trunking.v1.trunks.list()]
    assert api.trunking.v1.trunks(trunk.sid).fetch().friendly_name == "arkenos-python"
    domain = f"arkenos-python-{time.time_ns()}.pstn.twilio.com"
    assert api.trunking.v1.trunks(trunk.sid).update(domain_name=domain).domain_name == domain
    assert api.trunking.v1.trunks(trunk.sid).delete() is True
    expect_rest_error(lambda: api.trunking.v1.trunks(trunk.sid).fetch(), 404, 20404)


@scenario("origination URLs: create and list")
def origination_urls():
    trunk = api.trunking.v1.trunks.create(friendly_name="arkenos-origination")
    url = api.trunking.v1.trunks(trunk.sid).origination_urls.create(
        weight=10, priority=10, enabled=True, friendly_name="livekit", sip_url="sip:project.sip.livekit.cloud")
    assert re.fullmatch(r"OU[0-9a-f]{32}", url.sid)
    listed = api.trunking.v1.trunks(trunk.sid).origination_urls.list()
    assert [(u.sip_url, u.priority, u.weight, u.enabled) for u in listed] == [
        ("sip:project.sip.livekit.cloud", 10, 10, True)]


@scenario("trunk phone numbers: add, fetch, list, remove")
def trunk_numbers():
    trunk = api.trunking.v1.trunks.create(friendly_name="arkenos-numbers")
    number = buy_number()
    added = api.trunking.v1.trunks(trunk.sid).phone_numbers.create(phone_number_sid=number.sid)
    assert added.sid == number.sid and added.trunk_sid == trunk.sid
    assert api.trunking.v1.trunks(trunk.sid).phone_numbers(number.sid).fetch().phone_number == number.phone_number
    assert [n.sid for n in api.trunking.v1.trunks(trunk.sid).phone_numbers.list()] == [number.sid]
    assert api.incoming_phone_numbers(number.sid).fetch().trunk_sid == trunk.sid
    assert api.trunking.v1.trunks(trunk.sid).phone_numbers(number.sid).delete() is True
    assert api.trunking.v1.trunks(trunk.sid).phone_numbers.list() == []


@scenario("credential lists: create, list, fetch, delete")
def credential_lists():
    lst = api.sip.credential_lists.create(friendly_name="arkenos-termination")
    assert re.fullmatch(r"CL[0-9a-f]{32}", lst.sid)
    assert lst.sid in [l.sid for l in api.sip.credential_lists.list()]
    assert api.sip.credential_lists(lst.sid).fetch().friendly_name == "arkenos-termination"
    assert api.sip.credential_lists(lst.sid).delete() is True
    expect_rest_error(lambda: api.sip.credential_lists(lst.sid).fetch(), 404, 20404)


@scenario("credentials: create, list, delete; the password never comes back")
def credentials():
    lst = api.sip.credential_lists.create(friendly_name="arkenos-credentials")
    password = "Termination2024Pass"
    created = api.sip.credential_lists(lst.sid).credentials.create(username="arkenos", password=password)
    assert re.fullmatch(r"CR[0-9a-f]{32}", created.sid)
    listed = api.sip.credential_lists(lst.sid).credentials.list()
    assert [c.username for c in listed] == ["arkenos"]
    assert password not in json.dumps([vars_of(created)] + [vars_of(c) for c in listed], default=str)
    assert api.sip.credential_lists(lst.sid).credentials(created.sid).delete() is True
    assert api.sip.credential_lists(lst.sid).credentials.list() == []


@scenario("a weak credential password is refused (400)")
def weak_password():
    lst = api.sip.credential_lists.create(friendly_name="arkenos-weak")
    expect_rest_error(lambda: api.sip.credential_lists(lst.sid).credentials.create(username="u", password="short"),
                      400)


@scenario("trunk credential-list links: link, list, unlink")
def trunk_credential_lists():
    trunk = api.trunking.v1.trunks.create(friendly_name="arkenos-termination")
    lst = api.sip.credential_lists.create(friendly_name="arkenos-link")
    link = api.trunking.v1.trunks(trunk.sid).credentials_lists.create(credential_list_sid=lst.sid)
    assert link.sid == lst.sid
    assert [l.sid for l in api.trunking.v1.trunks(trunk.sid).credentials_lists.list()] == [lst.sid]
    assert api.trunking.v1.trunks(trunk.sid).credentials_lists(lst.sid).delete() is True
    assert api.trunking.v1.trunks(trunk.sid).credentials_lists.list() == []


@scenario("IP access control lists: create, add and list addresses, link, list and unlink on a trunk")
def ip_access_control_lists():
    acl = api.sip.ip_access_control_lists.create(friendly_name="livekit-signalling")
    assert re.fullmatch(r"AL[0-9a-f]{32}", acl.sid)
    assert acl.sid in [a.sid for a in api.sip.ip_access_control_lists.list()]
    ip = api.sip.ip_access_control_lists(acl.sid).ip_addresses.create(friendly_name="livekit-1",
                                                                      ip_address="203.0.113.10")
    assert ip.cidr_prefix_length == 32
    assert [a.ip_address for a in api.sip.ip_access_control_lists(acl.sid).ip_addresses.list()] == ["203.0.113.10"]
    trunk = api.trunking.v1.trunks.create(friendly_name="arkenos-acl")
    api.trunking.v1.trunks(trunk.sid).ip_access_control_lists.create(ip_access_control_list_sid=acl.sid)
    assert [a.sid for a in api.trunking.v1.trunks(trunk.sid).ip_access_control_lists.list()] == [acl.sid]
    assert api.trunking.v1.trunks(trunk.sid).ip_access_control_lists(acl.sid).delete() is True
    assert api.trunking.v1.trunks(trunk.sid).ip_access_control_lists.list() == []


@scenario("wrong credentials are refused (401, 20003)")
def wrong_credentials():
    # A create, not a list: the SDK reports a failed list page as a plain TwilioException without the code.
    expect_rest_error(lambda: client("not-the-token").trunking.v1.trunks.create(friendly_name="x"), 401, 20003)


@scenario("one pooled session makes 20 requests in a row")
def pooled_session():
    for _ in range(20):
        api.available_phone_numbers("US").local.list(area_code=415, limit=1)


def vars_of(instance):
    return {k: v for k, v in vars(instance).items() if not k.startswith("_")}


def main():
    passed = failed = 0
    for name, run in scenarios:
        try:
            run()
            passed += 1
            print(f"ok   {name}", flush=True)
        except Exception as e:  # one failed scenario must not hide the others
            failed += 1
            where = traceback.extract_tb(e.__traceback__)[-1]
            print(f"FAIL {name} -- {type(e).__name__}: {e} (line {where.lineno})", flush=True)
    print(f"twilio-python: {passed} passed, {failed} failed", flush=True)
    sys.exit(0 if failed == 0 else 1)


if __name__ == "__main__":
    main()
