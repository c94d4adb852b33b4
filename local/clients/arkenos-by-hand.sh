#!/usr/bin/env bash
# The Arkenos clients' requests by hand, with curl, against a running `./stack start` (API=http://host:port to
# point elsewhere). Each step names the client file and line it replays; see docs/arkenos-clients.md.
set -u
B="${API:-http://localhost:8000}/api"
U=dash-user-1
H=(-H "x-user-id: $U" -H 'Content-Type: application/json')
say() { printf '\n### %s\n' "$*"; }
say "agent-list.tsx:172 POST /agents/ (trailing slash; -L follows the 308 like fetch)"
A=$(curl -s -L -X POST "$B/agents/" "${H[@]}" -d "{\"name\":\"Ava\",\"description\":\"Handles customer inquiries\",\"type\":\"PIPELINE\",\"config\":{\"system_prompt\":\"You are Ava.\",\"first_message\":\"Hi!\",\"first_message_mode\":\"assistant_speaks_first\",\"llm_provider\":\"gemini\",\"llm_model\":\"gemini-3-flash-preview\",\"template\":\"customer-support\",\"voice_provider\":\"resemble\",\"voice_id\":\"v-1\",\"voice_name\":\"Ava\"},\"user_id\":\"$U\"}")
echo "$A"; ID=$(echo "$A" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
say "the 308 itself"; curl -s -i -X POST "$B/agents/" "${H[@]}" -d '{"name":"x"}' | sed -n '1p;/^location/Ip'
say "dashboard/agents/page.tsx:20 GET /agents/"; curl -s -L "$B/agents/" -H "x-user-id: $U" | head -c 300; echo
say "agent-settings.tsx:459 PATCH with webhook objects"
curl -s -X PATCH "$B/agents/$ID" "${H[@]}" -d '{"name":"Ava","config":{"system_prompt":"You are Ava.","webhooks":{"pre_call":{"enabled":true,"url":"https://crm.example.com/caller","method":"GET","timeout":5,"headers":[{"key":"Authorization","value":"Bearer t"}],"assignments":[]},"post_call":{"enabled":false,"url":"","method":"POST","timeout":10,"headers":[],"body":""}},"functions":[]}}' | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["version"], json.dumps(d["config"]["webhooks"]))'
say "agent-settings.tsx:303 search"; P=$(curl -s "$B/telephony/numbers/search?limit=5&area_code=510" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), d[0]["phone_number"])'); echo "$P"; PHONE=${P#* }
say "agent-settings.tsx:316 buy"; curl -s -X POST "$B/telephony/numbers/buy" "${H[@]}" -d "{\"agent_id\":\"$ID\",\"phone_number\":\"$PHONE\"}" | head -c 200; echo
sleep 4
say "agent-settings.tsx:433 provision"; curl -s -X POST "$B/telephony/numbers/provision" "${H[@]}" -d "{\"agent_id\":\"$ID\"}"; echo
say "agent-settings.tsx:340 check"; curl -s "$B/telephony/numbers/check?phone_number=$(python3 -c "import urllib.parse;print(urllib.parse.quote('$PHONE'))")" -H "x-user-id: $U"; echo
say "agent.py:166 lookup with x-worker-key"; curl -s "$B/telephony/lookup?phone_number=$(python3 -c "import urllib.parse;print(urllib.parse.quote('$PHONE'))")" -H 'x-worker-key: local-worker-key' | head -c 200; echo
say "agent.py:151 GET agent with x-worker-key"; curl -s "$B/agents/$ID" -H 'x-worker-key: local-worker-key' | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["user_id"], d["name"], d["config"]["webhooks"]["pre_call"]["url"], d["twilio_sid"])'
say "agent.py:151 GET agent without any credential"; curl -s -i "$B/agents/$ID" | sed -n '1p;$p'; echo
say "worker key cannot write"; curl -s -X PATCH "$B/agents/$ID" -H 'x-worker-key: local-worker-key' -H 'Content-Type: application/json' -d '{"name":"x"}'; echo
say "another owner"; curl -s -i "$B/agents/$ID" -H 'x-user-id: someone-else' | sed -n '1p;$p'; echo
say "outbound-call-modal.tsx:177 outbound to a busy callee, then :130 status polls"
C=$(curl -s -X POST "$B/calls/outbound" "${H[@]}" -d "{\"agent_id\":\"$ID\",\"phone_number\":\"+14155550486\"}"); echo "$C" | head -c 200; echo
CID=$(echo "$C" | python3 -c 'import json,sys; print(json.load(sys.stdin)["call_id"])')
for i in 1 2 3 4 5 6; do sleep 1; curl -s "$B/calls/$CID/status" -H "x-user-id: $U"; echo; done | sort -u
say "agent-settings.tsx:381 reassign"; B2=$(curl -s -L -X POST "$B/agents/" "${H[@]}" -d "{\"name\":\"Bella\",\"type\":\"PIPELINE\",\"config\":{},\"user_id\":\"$U\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -s -X POST "$B/telephony/numbers/reassign" "${H[@]}" -d "{\"phone_number\":\"$PHONE\",\"target_agent_id\":\"$B2\"}" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["source_agent_name"], d["pipeline_result"]["status"], [s["status"] for s in d["pipeline_result"]["steps"]])'
say "agent-settings.tsx:414 release"; curl -s -X POST "$B/telephony/numbers/release" "${H[@]}" -d "{\"agent_id\":\"$B2\"}" | head -c 120; echo
say "GET /openapi.json"; curl -s "${API:-http://localhost:8000}/openapi.json" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["openapi"], len(d["paths"]), "paths")'
