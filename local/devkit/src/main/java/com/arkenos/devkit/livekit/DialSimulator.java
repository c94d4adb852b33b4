package com.arkenos.devkit.livekit;

import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitSip.CreateSIPParticipantRequest;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import livekit.LivekitSip.SIPParticipantInfo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static com.arkenos.devkit.livekit.TwirpMethod.SIP;

/**
 * CreateSIPParticipant, with the callee's answer simulated. As on LiveKit the SIP participant joins the room at once
 * ({@code sip.callStatus=dialing}); when the callee answers it becomes {@code active}, when the call fails it leaves.
 * With {@code wait_until_answered} the HTTP answer waits for that outcome and a failure comes back as LiveKit's SIP
 * status error ({@link SipStatusErrors}); without it the answer is immediate and the outcome plays out in the
 * background. If the request's {@code ringing_timeout} (LiveKit's default: 3 minutes) runs out before the callee's
 * final response, LiveKit cancels the INVITE and answers Twirp {@code canceled} "sip request timed out".
 */
final class DialSimulator implements AutoCloseable {
    static final Duration DEFAULT_RINGING_TIMEOUT = Duration.ofMinutes(3);

    private final SipInventory sip;
    private final RoomRegistry rooms;
    private final Map<String, DialOutcome> outcomes = new ConcurrentHashMap<>();
    private final Map<DialOutcome, Duration> delays = new ConcurrentHashMap<>();
    private final List<DialRequest> requests = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "livekit-sandbox-dials");
        t.setDaemon(true);
        return t;
    });

    private record Resolution(DialOutcome outcome, Duration after, boolean ringingTimedOut) {
    }

    DialSimulator(SipInventory sip, RoomRegistry rooms) {
        this.sip = sip;
        this.rooms = rooms;
    }

    TwirpMethod method() {
        return TwirpMethod.of(SIP, "CreateSIPParticipant", CreateSIPParticipantRequest.getDefaultInstance(),
                (grants, req) -> grants.sipCall(), "not_found", this::dial);
    }

    SIPParticipantInfo dial(CreateSIPParticipantRequest req) {
        requests.add(DialRequest.of(req));
        validate(req);
        SIPOutboundTrunkInfo trunk = sip.outbound(req.getSipTrunkId())
                .orElseThrow(() -> TwirpError.notFound("requested sip trunk does not exist"));
        String callTo = req.getSipCallTo();
        String from = !req.getSipNumber().isEmpty() ? req.getSipNumber()
                : trunk.getNumbersCount() > 0 ? trunk.getNumbers(0) : "";
        String callId = LiveKitIds.next(LiveKitIds.SIP_CALL);
        String identity = req.getParticipantIdentity().isEmpty() ? "sip_" + callTo : req.getParticipantIdentity();
        String room = req.getRoomName();

        rooms.ensure(room, null);
        ParticipantInfo joined = rooms.join(room, ParticipantInfo.newBuilder()
                .setKind(ParticipantInfo.Kind.SIP)
                .setIdentity(identity)
                .setName(req.getParticipantName().isEmpty() ? "Phone " + callTo : req.getParticipantName())
                .setMetadata(req.getParticipantMetadata())
                .putAllAttributes(req.getParticipantAttributesMap())
                .putAttributes("sip.callID", callId)
                .putAttributes("sip.callStatus", "dialing")
                .putAttributes("sip.phoneNumber", callTo)
                .putAttributes("sip.trunkPhoneNumber", from)
                .putAttributes("sip.trunkID", trunk.getSipTrunkId()));
        SIPParticipantInfo info = SIPParticipantInfo.newBuilder()
                .setParticipantId(joined.getSid())
                .setParticipantIdentity(identity)
                .setRoomName(room)
                .setSipCallId(callId)
                .build();

        Resolution resolution = resolve(req);
        if (req.getWaitUntilAnswered()) {
            sleep(resolution.after());
            settle(resolution, room, identity);
        } else {
            background.schedule(() -> {
                try {
                    settle(resolution, room, identity);
                } catch (TwirpError nobodyIsWaiting) {
                    // Without wait_until_answered the failure is only visible as the participant leaving.
                }
            }, resolution.after().toMillis(), TimeUnit.MILLISECONDS);
        }
        return info;
    }

    /** LiveKit's CreateSIPParticipantRequest.Validate, for the fields an outbound call through a trunk uses. */
    private static void validate(CreateSIPParticipantRequest req) {
        if (req.getSipTrunkId().isEmpty() && !req.hasTrunk() && req.getSipNumber().isEmpty()) {
            throw TwirpError.invalidArgument("missing sip trunk id and sip number");
        }
        if (req.getSipCallTo().isEmpty()) {
            throw TwirpError.invalidArgument("missing sip callee number");
        }
        if (req.getSipCallTo().contains("@")) {
            throw TwirpError.invalidArgument("SipCallTo should be a phone number or SIP user, not a full SIP URI");
        }
        if (req.getRoomName().isEmpty()) {
            throw TwirpError.invalidArgument("missing room name");
        }
    }

    private Resolution resolve(CreateSIPParticipantRequest req) {
        DialOutcome outcome = outcomes.getOrDefault(req.getSipCallTo(), DialOutcome.byConvention(req.getSipCallTo()));
        Duration delay = delays.getOrDefault(outcome, outcome.defaultDelay());
        Duration ringing = req.hasRingingTimeout() && (req.getRingingTimeout().getSeconds() > 0
                || req.getRingingTimeout().getNanos() > 0)
                ? Duration.ofSeconds(req.getRingingTimeout().getSeconds(), req.getRingingTimeout().getNanos())
                : DEFAULT_RINGING_TIMEOUT;
        return delay.compareTo(ringing) < 0
                ? new Resolution(outcome, delay, false)
                : new Resolution(outcome, ringing, true);
    }

    private void settle(Resolution r, String room, String identity) {
        if (!r.ringingTimedOut() && r.outcome() == DialOutcome.ANSWERED) {
            rooms.updateAttributes(room, identity, Map.of("sip.callStatus", "active"));
            return;
        }
        if (r.ringingTimedOut()) {
            rooms.leave(room, identity, livekit.LivekitModels.DisconnectReason.USER_UNAVAILABLE);
            throw new TwirpError("canceled", "sip request timed out");
        }
        rooms.leave(room, identity, r.outcome().disconnectReason());
        throw SipStatusErrors.of(r.outcome().sipStatus(), r.outcome().reason());
    }

    void outcome(String number, DialOutcome outcome) {
        outcomes.put(number, outcome);
    }

    void delay(DialOutcome outcome, Duration delay) {
        delays.put(outcome, delay);
    }

    List<DialRequest> requests() {
        return List.copyOf(requests);
    }

    void clear() {
        outcomes.clear();
        delays.clear();
        requests.clear();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TwirpError("unavailable", "server is shutting down");
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
