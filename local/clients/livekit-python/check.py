"""Drives a LiveKit server API with LiveKit's official Python SDK (PyPI livekit-api) over the operations the Java
gateway (SdkLiveKitGateway) uses, as a third independent client: its own Twirp client over aiohttp with protobuf
bodies, its own token signing and error parsing. The scenarios and expected outcomes are those of
local/clients/livekit-node/check.js, which are the real livekit-server's (v1.13.5, local/livekit/DIFFERENCES.md);
LiveKitPythonClientTest runs this against the sandbox and the real server.

Prints "ok NAME" or "FAIL NAME -- why" per scenario and "livekit-python: N passed, M failed"; exits 1 on a failure.

    LIVEKIT_URL=http://127.0.0.1:PORT LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... python check.py
"""
import asyncio
import os
import re
import sys

from livekit import api
from livekit.protocol import agent_dispatch as dispatch_proto
from livekit.protocol import room as room_proto
from livekit.protocol import sip as sip_proto

TWILIO = ["54.172.60.0/30", "54.244.51.0/30"]
AGENT = "arkenos-agent"
SCENARIOS = []


def scenario(name):
    def register(run):
        SCENARIOS.append((name, run))
        return run
    return register


def required(name):
    value = os.environ.get(name)
    if not value:
        print(f"{name} is not set", file=sys.stderr)
        sys.exit(2)
    return value


async def expect_twirp(call, status, code):
    try:
        await call
    except api.TwirpError as e:
        assert e.status == status, f"status {e.status} of {e}"
        assert e.code == code, f"code {e.code} of {e}"
        return
    raise AssertionError(f"expected {status} {code}, the call succeeded")


def inbound(name, numbers):
    return api.CreateSIPInboundTrunkRequest(trunk=api.SIPInboundTrunkInfo(
        name=name, numbers=numbers, allowed_addresses=TWILIO))


@scenario("create an inbound trunk with a number and Twilio's addresses")
async def _(lk):
    t = await lk.sip.create_inbound_trunk(api.CreateSIPInboundTrunkRequest(trunk=api.SIPInboundTrunkInfo(
        name="py-inbound", numbers=["+15105550300"], allowed_addresses=TWILIO,
        metadata='{"managed_by":"arkenos"}')))
    assert re.match(r"^ST_", t.sip_trunk_id), t.sip_trunk_id
    assert list(t.numbers) == ["+15105550300"], t
    assert list(t.allowed_addresses) == TWILIO, t
    listed = await lk.sip.list_inbound_trunk(api.ListSIPInboundTrunkRequest())
    assert any(x.sip_trunk_id == t.sip_trunk_id and x.name == "py-inbound" for x in listed.items), listed


@scenario("a number already on another inbound trunk is invalid_argument 400")
async def _(lk):
    await lk.sip.create_inbound_trunk(inbound("py-first", ["+15105550301"]))
    await expect_twirp(lk.sip.create_inbound_trunk(inbound("py-second", ["+15105550301"])), 400, "invalid_argument")


@scenario("ListUpdate adds and removes numbers in one update")
async def _(lk):
    t = await lk.sip.create_inbound_trunk(inbound("py-update", ["+15105550302", "+15105550303"]))
    updated = await lk.sip.update_inbound_trunk_fields(
        t.sip_trunk_id, numbers=api.ListUpdate(add=["+15105550304"], remove=["+15105550302"]))
    assert list(updated.numbers) == ["+15105550303", "+15105550304"], updated


@scenario("updating an unknown trunk is not_found 404")
async def _(lk):
    await expect_twirp(lk.sip.update_inbound_trunk_fields(
        "ST_doesnotexist", numbers=api.ListUpdate(add=["+15105550305"])), 404, "not_found")


@scenario("deleting an unknown trunk succeeds")
async def _(lk):
    await lk.sip.delete_trunk(api.DeleteSIPTrunkRequest(sip_trunk_id="ST_doesnotexist"))


@scenario("an outbound trunk keeps address, numbers and user name")
async def _(lk):
    t = await lk.sip.create_outbound_trunk(api.CreateSIPOutboundTrunkRequest(trunk=api.SIPOutboundTrunkInfo(
        name="py-outbound", address="arkenos.pstn.twilio.com", numbers=["+15105550306"],
        auth_username="livekit", auth_password="pw")))
    assert t.address == "arkenos.pstn.twilio.com", t
    assert list(t.numbers) == ["+15105550306"], t
    assert t.auth_username == "livekit", t


@scenario("a dispatch rule bound to a trunk: room per caller, arkenos-agent dispatched")
async def _(lk):
    t = await lk.sip.create_inbound_trunk(inbound("py-rule-trunk", ["+15105550307"]))
    rule = sip_proto.SIPDispatchRule(dispatch_rule_individual=sip_proto.SIPDispatchRuleIndividual(room_prefix="call"))
    r = await lk.sip.create_dispatch_rule(api.CreateSIPDispatchRuleRequest(dispatch_rule=api.SIPDispatchRuleInfo(
        name="py-rule", rule=rule, trunk_ids=[t.sip_trunk_id],
        room_config=room_proto.RoomConfiguration(agents=[dispatch_proto.RoomAgentDispatch(agent_name=AGENT)]))))
    assert re.match(r"^SDR_", r.sip_dispatch_rule_id), r
    listed = [x for x in (await lk.sip.list_dispatch_rule(api.ListSIPDispatchRuleRequest())).items
              if x.sip_dispatch_rule_id == r.sip_dispatch_rule_id]
    assert len(listed) == 1, listed
    assert list(listed[0].trunk_ids) == [t.sip_trunk_id], listed[0]
    assert listed[0].rule.WhichOneof("rule") == "dispatch_rule_individual", listed[0]
    assert listed[0].rule.dispatch_rule_individual.room_prefix == "call", listed[0]
    assert listed[0].room_config.agents[0].agent_name == AGENT, listed[0]
    other = sip_proto.SIPDispatchRule(dispatch_rule_individual=sip_proto.SIPDispatchRuleIndividual(room_prefix="other"))
    await expect_twirp(lk.sip.create_dispatch_rule(api.CreateSIPDispatchRuleRequest(dispatch_rule=api.SIPDispatchRuleInfo(
        name="py-rule-2", rule=other, trunk_ids=[t.sip_trunk_id]))), 400, "invalid_argument")
    await lk.sip.delete_dispatch_rule(api.DeleteSIPDispatchRuleRequest(sip_dispatch_rule_id=r.sip_dispatch_rule_id))
    await expect_twirp(lk.sip.delete_dispatch_rule(
        api.DeleteSIPDispatchRuleRequest(sip_dispatch_rule_id=r.sip_dispatch_rule_id)), 404, "not_found")


@scenario("a room created with an agent has that agent's dispatch")
async def _(lk):
    await lk.room.create_room(api.CreateRoomRequest(name="py_room_1", empty_timeout=120, metadata='{"call_id":"p1"}',
        agents=[dispatch_proto.RoomAgentDispatch(agent_name=AGENT, metadata='{"call_id":"p1"}')]))
    listed = await lk.room.list_rooms(api.ListRoomsRequest(names=["py_room_1"]))
    assert len(listed.rooms) == 1, listed
    assert listed.rooms[0].empty_timeout == 120, listed
    dispatches = await lk.agent_dispatch.list_dispatch("py_room_1")
    assert [d.agent_name for d in dispatches] == [AGENT], dispatches
    await lk.room.delete_room(api.DeleteRoomRequest(room="py_room_1"))


@scenario("a room created without agents gets the default dispatch, CreateDispatch adds one")
async def _(lk):
    await lk.room.create_room(api.CreateRoomRequest(name="py_room_2"))
    await lk.agent_dispatch.create_dispatch(api.CreateAgentDispatchRequest(
        room="py_room_2", agent_name=AGENT, metadata='{"k":"v"}'))
    dispatches = await lk.agent_dispatch.list_dispatch("py_room_2")
    assert sorted(d.agent_name for d in dispatches) == ["", AGENT], dispatches
    await lk.room.delete_room(api.DeleteRoomRequest(room="py_room_2"))


@scenario("deleting a missing room is not_found 404")
async def _(lk):
    await expect_twirp(lk.room.delete_room(api.DeleteRoomRequest(room="py_no_such_room")), 404, "not_found")


@scenario("a wrong secret is unauthenticated 401")
async def _(lk):
    bad = api.LiveKitAPI(required("LIVEKIT_URL"), required("LIVEKIT_API_KEY"), "wrong-secret-wrong-secret-wrong-secret")
    try:
        await bad.sip.list_inbound_trunk(api.ListSIPInboundTrunkRequest())
    except api.TwirpError as e:
        assert e.status == 401, f"status {e.status} of {e}"
    else:
        raise AssertionError("a wrong secret was accepted")
    finally:
        await bad.aclose()


async def main():
    lk = api.LiveKitAPI(required("LIVEKIT_URL"), required("LIVEKIT_API_KEY"), required("LIVEKIT_API_SECRET"))
    passed = failed = 0
    try:
        for name, run in SCENARIOS:
            try:
                await run(lk)
                passed += 1
                print(f"ok {name}")
            except Exception as e:  # noqa: BLE001 - every failure is reported, then counted
                failed += 1
                print(f"FAIL {name} -- {type(e).__name__}: {' '.join(str(e).splitlines())}")
    finally:
        await lk.aclose()
    print(f"livekit-python: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
