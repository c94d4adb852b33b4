// Drives a LiveKit server API with LiveKit's official Node SDK (npm livekit-server-sdk) over the operations the Java
// gateway (SdkLiveKitGateway) uses, as an independent client: the Node SDK speaks Twirp with JSON bodies where the
// Java SDK sends protobuf, and parses the answers itself. The expected outcomes are the real livekit-server's
// (v1.13.5, see local/livekit/DIFFERENCES.md); LiveKitNodeClientTest runs this against the sandbox and the real server.
// Prints "ok NAME" or "FAIL NAME -- why" per scenario and "livekit-node: N passed, M failed"; exits 1 on a failure.
//
//   LIVEKIT_URL=http://127.0.0.1:PORT LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... node check.js
"use strict";

const assert = require("node:assert/strict");
const { SipClient, RoomServiceClient, AgentDispatchClient } = require("livekit-server-sdk");
const { ListUpdate, SIPInboundTrunkUpdate, RoomAgentDispatch, RoomConfiguration } = require("@livekit/protocol");

const URL_ = required("LIVEKIT_URL");
const KEY = required("LIVEKIT_API_KEY");
const SECRET = required("LIVEKIT_API_SECRET");
const sip = new SipClient(URL_, KEY, SECRET);
const rooms = new RoomServiceClient(URL_, KEY, SECRET);
const dispatch = new AgentDispatchClient(URL_, KEY, SECRET);
const TWILIO = ["54.172.60.0/30", "54.244.51.0/30"];
const AGENT = "arkenos-agent";

const scenarios = [];
const scenario = (name, run) => scenarios.push({ name, run });

async function expectTwirp(promise, status, code) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.status, status, `status of ${e}`);
    assert.equal(e.code, code, `code of ${e}`);
    return true;
  });
}

scenario("create an inbound trunk with a number and Twilio's addresses", async () => {
  const t = await sip.createSipInboundTrunk("node-inbound", ["+15105550200"], { allowedAddresses: TWILIO,
    metadata: '{"managed_by":"arkenos"}' });
  assert.match(t.sipTrunkId, /^ST_/);
  assert.deepEqual(t.numbers, ["+15105550200"]);
  assert.deepEqual(t.allowedAddresses, TWILIO);
  const listed = await sip.listSipInboundTrunk();
  assert.ok(listed.some((x) => x.sipTrunkId === t.sipTrunkId && x.name === "node-inbound"));
});

scenario("a number already on another inbound trunk is invalid_argument 400", async () => {
  await sip.createSipInboundTrunk("node-first", ["+15105550201"], { allowedAddresses: TWILIO });
  await expectTwirp(sip.createSipInboundTrunk("node-second", ["+15105550201"], { allowedAddresses: TWILIO }),
    400, "invalid_argument");
});

scenario("ListUpdate adds and removes numbers in one update", async () => {
  const t = await sip.createSipInboundTrunk("node-update", ["+15105550202", "+15105550203"],
    { allowedAddresses: TWILIO });
  const updated = await sip.updateSipInboundTrunkFields(t.sipTrunkId, new SIPInboundTrunkUpdate({
    numbers: new ListUpdate({ add: ["+15105550204"], remove: ["+15105550202"] }) }));
  assert.deepEqual(updated.numbers, ["+15105550203", "+15105550204"]);
});

scenario("updating an unknown trunk is not_found 404", async () => {
  await expectTwirp(sip.updateSipInboundTrunkFields("ST_doesnotexist", new SIPInboundTrunkUpdate({
    numbers: new ListUpdate({ add: ["+15105550205"] }) })), 404, "not_found");
});

scenario("deleting an unknown trunk succeeds", async () => {
  await sip.deleteSipTrunk("ST_doesnotexist");
});

scenario("an outbound trunk keeps address, numbers and user name", async () => {
  const t = await sip.createSipOutboundTrunk("node-outbound", "arkenos.pstn.twilio.com", ["+15105550206"],
    { authUsername: "livekit", authPassword: "pw" });
  assert.equal(t.address, "arkenos.pstn.twilio.com");
  assert.deepEqual(t.numbers, ["+15105550206"]);
  assert.equal(t.authUsername, "livekit");
});

scenario("a dispatch rule bound to a trunk: room per caller, arkenos-agent dispatched", async () => {
  const t = await sip.createSipInboundTrunk("node-rule-trunk", ["+15105550207"], { allowedAddresses: TWILIO });
  const r = await sip.createSipDispatchRule({ type: "individual", roomPrefix: "call" }, { name: "node-rule",
    trunkIds: [t.sipTrunkId], roomConfig: new RoomConfiguration({ agents: [new RoomAgentDispatch({ agentName: AGENT })] }) });
  assert.match(r.sipDispatchRuleId, /^SDR_/);
  const listed = (await sip.listSipDispatchRule()).find((x) => x.sipDispatchRuleId === r.sipDispatchRuleId);
  assert.deepEqual(listed.trunkIds, [t.sipTrunkId]);
  assert.equal(listed.rule.rule.case, "dispatchRuleIndividual");
  assert.equal(listed.rule.rule.value.roomPrefix, "call");
  assert.equal(listed.roomConfig.agents[0].agentName, AGENT);
  await expectTwirp(sip.createSipDispatchRule({ type: "individual", roomPrefix: "other" },
    { name: "node-rule-2", trunkIds: [t.sipTrunkId] }), 400, "invalid_argument");
  await sip.deleteSipDispatchRule(r.sipDispatchRuleId);
  await expectTwirp(sip.deleteSipDispatchRule(r.sipDispatchRuleId), 404, "not_found");
});

scenario("a room created with an agent has that agent's dispatch", async () => {
  await rooms.createRoom({ name: "node_room_1", emptyTimeout: 120, metadata: '{"call_id":"n1"}',
    agents: [new RoomAgentDispatch({ agentName: AGENT, metadata: '{"call_id":"n1"}' })] });
  const listed = await rooms.listRooms(["node_room_1"]);
  assert.equal(listed.length, 1);
  assert.equal(listed[0].emptyTimeout, 120);
  const d = await dispatch.listDispatch("node_room_1");
  assert.deepEqual(d.map((x) => x.agentName), [AGENT]);
  await rooms.deleteRoom("node_room_1");
});

scenario("a room created without agents gets the default dispatch, CreateDispatch adds one", async () => {
  await rooms.createRoom({ name: "node_room_2" });
  await dispatch.createDispatch("node_room_2", AGENT, { metadata: '{"k":"v"}' });
  const d = await dispatch.listDispatch("node_room_2");
  assert.deepEqual(d.map((x) => x.agentName).sort(), ["", AGENT]);
  await rooms.deleteRoom("node_room_2");
});

scenario("deleting a missing room is not_found 404", async () => {
  await expectTwirp(rooms.deleteRoom("node_no_such_room"), 404, "not_found");
});

scenario("a wrong secret is unauthenticated 401", async () => {
  const bad = new SipClient(URL_, KEY, "wrong-secret-wrong-secret-wrong-secret");
  await assert.rejects(bad.listSipInboundTrunk(), (e) => {
    assert.equal(e.status, 401, `status of ${e}`);
    return true;
  });
});

async function main() {
  let passed = 0;
  let failed = 0;
  for (const s of scenarios) {
    try {
      await s.run();
      passed++;
      console.log(`ok ${s.name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${s.name} -- ${String(e && e.message ? e.message : e).split("\n").join(" ")}`);
    }
  }
  console.log(`livekit-node: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

function required(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return v;
}

main();
