"""A minimal Arkenos agent worker on LiveKit Agents (PyPI livekit-agents), for the real-SIP tests.

It registers as the agent the inbound dispatch rule names (arkenos-agent), takes each job LiveKit gives it, joins the
room, waits for the SIP caller, and asks the backend which agent owns the dialled number, as the Arkenos worker does
at the start of every call:
GET {ARKENOS_API}/api/telephony/lookup?phone_number=<sip.trunkPhoneNumber> with its x-worker-key. Each job prints one
JSON line ({"event": "lookup", ...}) for the test to read, and the answer's agent_id is set on the worker's
participant (arkenos.agent_id). Then it publishes its voice (silence), which is what makes livekit-sip answer an
inbound call: the caller rings until there is audio in the room to hear.

  python worker.py start        (LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET, ARKENOS_API, WORKER_KEY)
"""
import json
import os
import sys

import aiohttp
from livekit import rtc
from livekit.agents import AutoSubscribe, JobContext, JobExecutorType, WorkerOptions, cli


SAMPLE_RATE = 48000


def report(**fields):
    print(json.dumps(fields), flush=True)


async def entrypoint(ctx: JobContext):
    await ctx.connect(auto_subscribe=AutoSubscribe.AUDIO_ONLY)
    caller = await ctx.wait_for_participant(kind=rtc.ParticipantKind.PARTICIPANT_KIND_SIP)
    dialled = caller.attributes.get("sip.trunkPhoneNumber", "")
    url = os.environ["ARKENOS_API"].rstrip("/") + "/api/telephony/lookup"
    async with aiohttp.ClientSession() as http:
        async with http.get(url, params={"phone_number": dialled},
                            headers={"x-worker-key": os.environ["WORKER_KEY"]}) as r:
            status = r.status
            body = await r.json(content_type=None)
    report(event="lookup", room=ctx.room.name, dialled=dialled, status=status, agent_id=body.get("agent_id"),
           agent_name=body.get("name"))
    await ctx.room.local_participant.set_attributes({"arkenos.agent_id": str(body.get("agent_id", ""))})
    # The agent's voice: livekit-sip answers the caller once there is audio in the room to hear. Silence will do.
    source = rtc.AudioSource(SAMPLE_RATE, 1)
    track = rtc.LocalAudioTrack.create_audio_track("agent-voice", source)
    options = rtc.TrackPublishOptions(source=rtc.TrackSource.SOURCE_MICROPHONE)
    await ctx.room.local_participant.publish_track(track, options)
    report(event="speaking", room=ctx.room.name)
    silence = rtc.AudioFrame.create(SAMPLE_RATE, 1, SAMPLE_RATE // 50)
    while ctx.room.isconnected():
        await source.capture_frame(silence)


if __name__ == "__main__":
    report(event="starting", python=sys.version.split()[0])
    cli.run_app(WorkerOptions(
        entrypoint_fnc=entrypoint,
        agent_name="arkenos-agent",
        # One job at a time in this process: no forked job processes to start on a two-core test machine.
        job_executor_type=JobExecutorType.THREAD,
        num_idle_processes=0,
        # A shared, busy test machine must not make the worker refuse jobs as overloaded.
        load_fnc=lambda *_: 0.0,
        port=0,
    ))
