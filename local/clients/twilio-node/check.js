// Drives the local Twilio sandbox with the official twilio Node SDK over every operation the Java gateway
// (SdkTwilioGateway) uses, as an independent client: if the sandbox drifted from Twilio's wire format, this SDK's
// own parsing or URL building would fail here. Prints one line per scenario and a closing
// "twilio-node: N passed, M failed" line ("ok NAME" or "FAIL NAME -- why"); exits 1 when a scenario failed.
//
//   TWILIO_SANDBOX_URL=http://127.0.0.1:PORT TWILIO_ACCOUNT_SID=AC... TWILIO_AUTH_TOKEN=... node check.js
"use strict";

const assert = require("node:assert/strict");
const http = require("node:http");
const twilio = require("twilio");

const SANDBOX = required("TWILIO_SANDBOX_URL").replace(/\/$/, "");
const SID = required("TWILIO_ACCOUNT_SID");
const TOKEN = required("TWILIO_AUTH_TOKEN");

/**
 * The SDK's documented hook for its transport is the httpClient option. This one keeps the SDK's own client (and
 * so its defaults: Connection: close, form encoding, auth) and only sends https://PRODUCT.twilio.com/PATH to
 * SANDBOX/PRODUCT/PATH, the sandbox's layout.
 */
class SandboxRequestClient extends twilio.RequestClient {
  request(opts) {
    const url = new URL(opts.uri);
    const product = url.hostname.split(".")[0];
    return super.request({ ...opts, uri: `${SANDBOX}/${product}${url.pathname}${url.search}` });
  }
}

function client(options = {}, token = TOKEN) {
  return twilio(SID, token, { httpClient: new SandboxRequestClient(options) });
}

const api = client();
const scenarios = [];
const scenario = (name, run) => scenarios.push({ name, run });
let numberIndex = 0;

/** A number for sale in area code 510, bought; each call buys a different one. */
async function buyNumber() {
  const offered = await api.availablePhoneNumbers("US").local.list({ areaCode: 510, voiceEnabled: true, limit: 20 });
  const number = offered[numberIndex++].phoneNumber;
  return api.incomingPhoneNumbers.create({ phoneNumber: number });
}

async function expectRestError(promise, status, code) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.status, status, `status of ${e}`);
    assert.equal(e.code, code, `code of ${e}`);
    return true;
  });
}

scenario("search Local numbers by area code", async () => {
  const found = await api.availablePhoneNumbers("US").local.list({ areaCode: 510, voiceEnabled: true, limit: 5 });
  assert.equal(found.length, 5);
  for (const n of found) {
    assert.match(n.phoneNumber, /^\+1510\d{7}$/);
    assert.equal(n.capabilities.voice, true);
    assert.equal(n.isoCountry, "US");
  }
});

scenario("search TollFree numbers", async () => {
  const found = await api.availablePhoneNumbers("US").tollFree.list({ voiceEnabled: true, limit: 3 });
  assert.equal(found.length, 3);
  found.forEach((n) => assert.match(n.phoneNumber, /^\+18\d{9}$/));
});

scenario("search Mobile numbers", async () => {
  const found = await api.availablePhoneNumbers("GB").mobile.list({ voiceEnabled: true, limit: 3 });
  assert.equal(found.length, 3);
  found.forEach((n) => assert.match(n.phoneNumber, /^\+447\d+$/));
});

scenario("buy a number (201) and no longer find it for sale", async () => {
  const bought = await buyNumber();
  assert.match(bought.sid, /^PN[0-9a-f]{32}$/);
  assert.equal(bought.accountSid, SID);
  assert.ok(bought.dateCreated instanceof Date && !isNaN(bought.dateCreated));
  const offered = await api.availablePhoneNumbers("US").local.list({ areaCode: 510, limit: 50 });
  assert.ok(!offered.some((n) => n.phoneNumber === bought.phoneNumber), "a bought number is still for sale");
});

scenario("buying a number not for sale is refused (400, 21422)", async () => {
  await expectRestError(api.incomingPhoneNumbers.create({ phoneNumber: "+15105559999" }), 400, 21422);
});

scenario("find an owned number by phone number, and fetch it", async () => {
  const bought = await buyNumber();
  const found = await api.incomingPhoneNumbers.list({ phoneNumber: bought.phoneNumber });
  assert.deepEqual(found.map((n) => n.sid), [bought.sid]);
  const fetched = await api.incomingPhoneNumbers(bought.sid).fetch();
  assert.equal(fetched.phoneNumber, bought.phoneNumber);
});

scenario("delete an owned number (204), then it is gone (404)", async () => {
  const bought = await buyNumber();
  assert.equal(await api.incomingPhoneNumbers(bought.sid).remove(), true);
  await expectRestError(api.incomingPhoneNumbers(bought.sid).fetch(), 404, 20404);
  assert.deepEqual(await api.incomingPhoneNumbers.list({ phoneNumber: bought.phoneNumber }), []);
});

scenario("trunks: create, list, fetch, update domain, delete", async () => {
  const trunk = await api.trunking.v1.trunks.create({ friendlyName: "arkenos-node" });
  assert.match(trunk.sid, /^TK[0-9a-f]{32}$/);
  assert.ok((await api.trunking.v1.trunks.list()).some((t) => t.sid === trunk.sid));
  assert.equal((await api.trunking.v1.trunks(trunk.sid).fetch()).friendlyName, "arkenos-node");
  const domain = `arkenos-node-${Date.now()}.pstn.twilio.com`;
  assert.equal((await api.trunking.v1.trunks(trunk.sid).update({ domainName: domain })).domainName, domain);
  assert.equal(await api.trunking.v1.trunks(trunk.sid).remove(), true);
  await expectRestError(api.trunking.v1.trunks(trunk.sid).fetch(), 404, 20404);
});

scenario("origination URLs: create and list", async () => {
  const trunk = await api.trunking.v1.trunks.create({ friendlyName: "arkenos-origination" });
  const url = await api.trunking.v1.trunks(trunk.sid).originationUrls.create({
    friendlyName: "livekit", sipUrl: "sip:project.sip.livekit.cloud", priority: 10, weight: 10, enabled: true,
  });
  assert.match(url.sid, /^OU[0-9a-f]{32}$/);
  const listed = await api.trunking.v1.trunks(trunk.sid).originationUrls.list();
  assert.deepEqual(listed.map((u) => [u.sipUrl, u.priority, u.weight, u.enabled]),
    [["sip:project.sip.livekit.cloud", 10, 10, true]]);
});

scenario("trunk phone numbers: add, fetch, list, remove", async () => {
  const trunk = await api.trunking.v1.trunks.create({ friendlyName: "arkenos-numbers" });
  const number = await buyNumber();
  const added = await api.trunking.v1.trunks(trunk.sid).phoneNumbers.create({ phoneNumberSid: number.sid });
  assert.equal(added.sid, number.sid);
  assert.equal(added.trunkSid, trunk.sid);
  assert.equal((await api.trunking.v1.trunks(trunk.sid).phoneNumbers(number.sid).fetch()).phoneNumber,
    number.phoneNumber);
  assert.deepEqual((await api.trunking.v1.trunks(trunk.sid).phoneNumbers.list()).map((n) => n.sid), [number.sid]);
  assert.equal((await api.incomingPhoneNumbers(number.sid).fetch()).trunkSid, trunk.sid);
  assert.equal(await api.trunking.v1.trunks(trunk.sid).phoneNumbers(number.sid).remove(), true);
  assert.deepEqual(await api.trunking.v1.trunks(trunk.sid).phoneNumbers.list(), []);
});

scenario("credential lists: create, list, fetch, delete", async () => {
  const list = await api.sip.credentialLists.create({ friendlyName: "arkenos-termination" });
  assert.match(list.sid, /^CL[0-9a-f]{32}$/);
  assert.ok((await api.sip.credentialLists.list()).some((l) => l.sid === list.sid));
  assert.equal((await api.sip.credentialLists(list.sid).fetch()).friendlyName, "arkenos-termination");
  assert.equal(await api.sip.credentialLists(list.sid).remove(), true);
  await expectRestError(api.sip.credentialLists(list.sid).fetch(), 404, 20404);
});

scenario("credentials: create, list, delete; the password never comes back", async () => {
  const list = await api.sip.credentialLists.create({ friendlyName: "arkenos-credentials" });
  const password = "Termination2024Pass";
  const created = await api.sip.credentialLists(list.sid).credentials.create({ username: "arkenos", password });
  assert.match(created.sid, /^CR[0-9a-f]{32}$/);
  const listed = await api.sip.credentialLists(list.sid).credentials.list();
  assert.deepEqual(listed.map((c) => c.username), ["arkenos"]);
  assert.ok(!JSON.stringify([created.toJSON(), listed.map((c) => c.toJSON())]).includes(password));
  assert.equal(await api.sip.credentialLists(list.sid).credentials(created.sid).remove(), true);
  assert.deepEqual(await api.sip.credentialLists(list.sid).credentials.list(), []);
});

scenario("a weak credential password is refused (400)", async () => {
  const list = await api.sip.credentialLists.create({ friendlyName: "arkenos-weak" });
  await assert.rejects(api.sip.credentialLists(list.sid).credentials.create({ username: "u", password: "short" }),
    (e) => e.status === 400);
});

scenario("trunk credential-list links: link, list, unlink", async () => {
  const trunk = await api.trunking.v1.trunks.create({ friendlyName: "arkenos-termination" });
  const list = await api.sip.credentialLists.create({ friendlyName: "arkenos-link" });
  const link = await api.trunking.v1.trunks(trunk.sid).credentialsLists.create({ credentialListSid: list.sid });
  assert.equal(link.sid, list.sid);
  assert.deepEqual((await api.trunking.v1.trunks(trunk.sid).credentialsLists.list()).map((l) => l.sid), [list.sid]);
  assert.equal(await api.trunking.v1.trunks(trunk.sid).credentialsLists(list.sid).remove(), true);
  assert.deepEqual(await api.trunking.v1.trunks(trunk.sid).credentialsLists.list(), []);
});

scenario("IP access control lists: create, add and list addresses, link, list and unlink on a trunk", async () => {
  const acl = await api.sip.ipAccessControlLists.create({ friendlyName: "livekit-signalling" });
  assert.match(acl.sid, /^AL[0-9a-f]{32}$/);
  assert.ok((await api.sip.ipAccessControlLists.list()).some((a) => a.sid === acl.sid));
  const ip = await api.sip.ipAccessControlLists(acl.sid).ipAddresses.create({
    friendlyName: "livekit-1", ipAddress: "203.0.113.10",
  });
  assert.equal(ip.cidrPrefixLength, 32);
  assert.deepEqual((await api.sip.ipAccessControlLists(acl.sid).ipAddresses.list()).map((a) => a.ipAddress),
    ["203.0.113.10"]);
  const trunk = await api.trunking.v1.trunks.create({ friendlyName: "arkenos-acl" });
  await api.trunking.v1.trunks(trunk.sid).ipAccessControlLists.create({ ipAccessControlListSid: acl.sid });
  assert.deepEqual((await api.trunking.v1.trunks(trunk.sid).ipAccessControlLists.list()).map((a) => a.sid),
    [acl.sid]);
  assert.equal(await api.trunking.v1.trunks(trunk.sid).ipAccessControlLists(acl.sid).remove(), true);
  assert.deepEqual(await api.trunking.v1.trunks(trunk.sid).ipAccessControlLists.list(), []);
});

scenario("wrong credentials are refused (401, 20003)", async () => {
  await expectRestError(client({}, "not-the-token").trunking.v1.trunks.list(), 401, 20003);
});

scenario("a keep-alive client reuses its connection for 20 requests", async () => {
  const kept = client({ keepAlive: true });
  for (let i = 0; i < 20; i++) {
    await kept.trunking.v1.trunks.list({ limit: 1 });
  }
});

scenario("the default client (Connection: close) makes 20 requests in a row", async () => {
  for (let i = 0; i < 20; i++) {
    await api.availablePhoneNumbers("US").local.list({ areaCode: 415, limit: 1 });
  }
});

scenario("a pooling Node agent that sends Connection: close is never reset", async () => {
  // Node's keep-alive agent pools a socket unless the answer says Connection: close. Before the sandbox echoed
  // it, the agent reused the socket the sandbox had just closed, and every second request here was reset.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const auth = "Basic " + Buffer.from(`${SID}:${TOKEN}`).toString("base64");
  for (let i = 0; i < 10; i++) {
    const answer = await new Promise((resolve, reject) => {
      const req = http.request(`${SANDBOX}/trunking/v1/Trunks`,
        { agent, headers: { Authorization: auth, Connection: "close" } }, (res) => {
          res.resume();
          res.on("end", () => resolve(res));
        });
      req.on("error", reject);
      req.end();
    });
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.headers.connection, "close");
  }
  agent.destroy();
});

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

(async () => {
  let passed = 0;
  let failed = 0;
  for (const s of scenarios) {
    try {
      await s.run();
      passed++;
      console.log(`ok   ${s.name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${s.name} -- ${e && e.stack ? e.stack.split("\n").slice(0, 3).join(" | ") : e}`);
    }
  }
  console.log(`twilio-node: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
})();
