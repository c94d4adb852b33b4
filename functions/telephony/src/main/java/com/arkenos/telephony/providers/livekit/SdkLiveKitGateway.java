package com.arkenos.telephony.providers.livekit;

import com.arkenos.telephony.providers.ProviderException;
import io.livekit.server.AccessToken;
import io.livekit.server.AgentDispatchService;
import io.livekit.server.AgentDispatchServiceClient;
import io.livekit.server.CreateSipDispatchRuleOptions;
import io.livekit.server.CreateSipInboundTrunkOptions;
import io.livekit.server.CreateSipOutboundTrunkOptions;
import io.livekit.server.RoomCreate;
import io.livekit.server.RoomService;
import io.livekit.server.RoomServiceClient;
import io.livekit.server.SIPAdmin;
import io.livekit.server.SIPCall;
import io.livekit.server.SIPGrant;
import io.livekit.server.SipDispatchRuleIndividual;
import io.livekit.server.SipService;
import io.livekit.server.SipServiceClient;
import io.livekit.server.VideoGrant;
import livekit.LivekitModels.ListUpdate;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitSip.CreateSIPParticipantRequest;
import livekit.LivekitSip.ListSIPDispatchRuleResponse;
import livekit.LivekitSip.ListSIPInboundTrunkResponse;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPInboundTrunkUpdate;
import livekit.LivekitSip.SIPOutboundTrunkUpdate;
import livekit.LivekitSip.UpdateSIPDispatchRuleRequest;
import livekit.LivekitSip.UpdateSIPInboundTrunkRequest;
import livekit.LivekitSip.UpdateSIPOutboundTrunkRequest;
import retrofit2.Call;
import retrofit2.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link LiveKitGateway} over LiveKit's official server SDK (io.livekit:livekit-server 0.13.0).
 *
 * <p>The SDK's clients are used wherever they can say what the product needs. Three things they cannot say, so the
 * gateway builds the SDK's own protobuf request and sends it through the SDK's own Retrofit service with an
 * {@link AccessToken} carrying the grant LiveKit checks:
 * <ul>
 *   <li>CreateSIPParticipant with {@code sip_number}, {@code ringing_timeout}, {@code max_call_duration}
 *       ({@code CreateSipParticipantOptions} lacks them);</li>
 *   <li>trunk number changes as ListUpdate add/remove (the SDK's update options only {@code set} the whole list,
 *       which would need a racy read-modify-write);</li>
 *   <li>CreateRoom with agents, and a dispatch rule's agent change (neither is in the SDK's options).</li>
 * </ul>
 *
 * <p>Clients are built once per gateway: build one gateway per Lambda container and reuse it.
 */
public final class SdkLiveKitGateway implements LiveKitGateway {
    private static final long TOKEN_TTL_MILLIS = Duration.ofMinutes(10).toMillis();
    private static final String NOT_FOUND = "not_found";

    static final String OP_CREATE_INBOUND_TRUNK = "SIP.CreateSIPInboundTrunk";
    static final String OP_LIST_INBOUND_TRUNK = "SIP.ListSIPInboundTrunk";
    static final String OP_UPDATE_INBOUND_TRUNK = "SIP.UpdateSIPInboundTrunk";
    static final String OP_DELETE_TRUNK = "SIP.DeleteSIPTrunk";
    static final String OP_CREATE_OUTBOUND_TRUNK = "SIP.CreateSIPOutboundTrunk";
    static final String OP_LIST_OUTBOUND_TRUNK = "SIP.ListSIPOutboundTrunk";
    static final String OP_UPDATE_OUTBOUND_TRUNK = "SIP.UpdateSIPOutboundTrunk";
    static final String OP_CREATE_DISPATCH_RULE = "SIP.CreateSIPDispatchRule";
    static final String OP_LIST_DISPATCH_RULE = "SIP.ListSIPDispatchRule";
    static final String OP_UPDATE_DISPATCH_RULE = "SIP.UpdateSIPDispatchRule";
    static final String OP_DELETE_DISPATCH_RULE = "SIP.DeleteSIPDispatchRule";
    static final String OP_CREATE_PARTICIPANT = "SIP.CreateSIPParticipant";
    static final String OP_CREATE_ROOM = "RoomService.CreateRoom";
    static final String OP_DELETE_ROOM = "RoomService.DeleteRoom";
    static final String OP_LIST_PARTICIPANTS = "RoomService.ListParticipants";
    static final String OP_CREATE_DISPATCH = "AgentDispatchService.CreateDispatch";

    private final LiveKitCredentials credentials;
    private final LiveKitTimeouts timeouts;
    private final String baseUrl;
    private final Object http;
    private final SipService sipService;
    private final RoomService roomService;
    private final SipServiceClient sip;
    private final RoomServiceClient rooms;
    private final AgentDispatchServiceClient agents;
    /**
     * Dials that wait for the answer need a longer read timeout; one service per distinct timeout, sharing the pool.
     */
    private final ConcurrentMap<Duration, SipService> waitingDialServices = new ConcurrentHashMap<>();

    public SdkLiveKitGateway(LiveKitCredentials credentials) {
        this(credentials, LiveKitTimeouts.defaults());
    }

    public SdkLiveKitGateway(LiveKitCredentials credentials, LiveKitTimeouts timeouts) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.baseUrl = credentials.apiBaseUrl();
        this.http = OkHttpBridge.newClient(timeouts.connect(), timeouts.read());
        this.sipService = OkHttpBridge.service(baseUrl, http, SipService.class);
        this.roomService = OkHttpBridge.service(baseUrl, http, RoomService.class);
        this.sip = new SipServiceClient(sipService, credentials.apiKey(), credentials.apiSecret());
        this.rooms = new RoomServiceClient(roomService, credentials.apiKey(), credentials.apiSecret());
        this.agents = new AgentDispatchServiceClient(OkHttpBridge.service(baseUrl, http, AgentDispatchService.class),
                credentials.apiKey(), credentials.apiSecret());
    }

    // --- inbound trunks ---

    @Override
    public SipInboundTrunk createInboundTrunk(String name, List<String> numbers, List<String> allowedAddresses,
                                              String metadata) {
        CreateSipInboundTrunkOptions options = new CreateSipInboundTrunkOptions();
        options.setMetadata(metadata);
        options.setAllowedAddresses(orEmpty(allowedAddresses));
        return LiveKitProtos.inbound(call(OP_CREATE_INBOUND_TRUNK,
                sip.createSipInboundTrunk(LiveKitProtos.nullToEmpty(name), orEmpty(numbers), options)));
    }

    @Override
    public List<SipInboundTrunk> listInboundTrunks() {
        return call(OP_LIST_INBOUND_TRUNK, sip.listSipInboundTrunk()).stream().map(LiveKitProtos::inbound).toList();
    }

    @Override
    public SipInboundTrunk updateInboundTrunkNumbers(String trunkId, List<String> add, List<String> remove) {
        UpdateSIPInboundTrunkRequest request = UpdateSIPInboundTrunkRequest.newBuilder()
                .setSipTrunkId(trunkId)
                .setUpdate(SIPInboundTrunkUpdate.newBuilder().setNumbers(listUpdate(add, remove)))
                .build();
        return LiveKitProtos.inbound(call(OP_UPDATE_INBOUND_TRUNK,
                sipService.updateSipInboundTrunk(request, bearer(List.of(), List.of(new SIPAdmin(true))))));
    }

    @Override
    public void deleteTrunk(String trunkId) {
        ignoringNotFound(OP_DELETE_TRUNK, sip.deleteSipTrunk(trunkId));
    }

    // --- outbound trunks ---

    @Override
    public SipOutboundTrunk createOutboundTrunk(String name, String address, List<String> numbers,
                                                String authUsername, String authPassword, String metadata) {
        CreateSipOutboundTrunkOptions options = new CreateSipOutboundTrunkOptions();
        options.setMetadata(metadata);
        options.setAuthUsername(authUsername);
        options.setAuthPassword(authPassword);
        return LiveKitProtos.outbound(call(OP_CREATE_OUTBOUND_TRUNK,
                sip.createSipOutboundTrunk(LiveKitProtos.nullToEmpty(name), address, orEmpty(numbers), options)));
    }

    @Override
    public List<SipOutboundTrunk> listOutboundTrunks() {
        return call(OP_LIST_OUTBOUND_TRUNK, sip.listSipOutboundTrunk()).stream().map(LiveKitProtos::outbound).toList();
    }

    @Override
    public SipOutboundTrunk updateOutboundTrunkNumbers(String trunkId, List<String> add, List<String> remove) {
        UpdateSIPOutboundTrunkRequest request = UpdateSIPOutboundTrunkRequest.newBuilder()
                .setSipTrunkId(trunkId)
                .setUpdate(SIPOutboundTrunkUpdate.newBuilder().setNumbers(listUpdate(add, remove)))
                .build();
        return LiveKitProtos.outbound(call(OP_UPDATE_OUTBOUND_TRUNK,
                sipService.updateSipOutboundTrunk(request, bearer(List.of(), List.of(new SIPAdmin(true))))));
    }

    // --- dispatch rules ---

    @Override
    public DispatchRule createDispatchRule(String name, String roomPrefix, String agentName, String agentMetadata,
                                           List<String> trunkIds, String metadata) {
        CreateSipDispatchRuleOptions options = new CreateSipDispatchRuleOptions();
        options.setName(name);
        options.setMetadata(metadata);
        options.setTrunkIds(orEmpty(trunkIds));
        options.setRoomConfig(LiveKitProtos.roomConfig(agentName, agentMetadata));
        return LiveKitProtos.rule(call(OP_CREATE_DISPATCH_RULE, sip.createSipDispatchRule(
                new SipDispatchRuleIndividual(LiveKitProtos.nullToEmpty(roomPrefix), null), options)));
    }

    @Override
    public List<DispatchRule> listDispatchRules() {
        return call(OP_LIST_DISPATCH_RULE, sip.listSipDispatchRule()).stream().map(LiveKitProtos::rule).toList();
    }

    @Override
    public DispatchRule updateDispatchRule(String ruleId, String name, String roomPrefix, String agentName,
                                           String agentMetadata, List<String> trunkIds, String metadata) {
        UpdateSIPDispatchRuleRequest request = UpdateSIPDispatchRuleRequest.newBuilder()
                .setSipDispatchRuleId(ruleId)
                .setReplace(LiveKitProtos.ruleInfo(name, roomPrefix, agentName, agentMetadata, orEmpty(trunkIds),
                        metadata))
                .build();
        return LiveKitProtos.rule(call(OP_UPDATE_DISPATCH_RULE,
                sipService.updateSipDispatchRule(request, bearer(List.of(), List.of(new SIPAdmin(true))))));
    }

    @Override
    public void deleteDispatchRule(String ruleId) {
        ignoringNotFound(OP_DELETE_DISPATCH_RULE, sip.deleteSipDispatchRule(ruleId));
    }

    // --- calls and rooms ---

    @Override
    public SipParticipant dial(OutboundDial dial) {
        CreateSIPParticipantRequest.Builder request = CreateSIPParticipantRequest.newBuilder()
                .setSipTrunkId(dial.trunkId())
                .setSipCallTo(dial.callTo())
                .setRoomName(dial.roomName())
                .putAllParticipantAttributes(dial.attributes())
                .setWaitUntilAnswered(dial.waitUntilAnswered());
        if (dial.fromNumber() != null) {
            request.setSipNumber(dial.fromNumber());
        }
        if (dial.participantIdentity() != null) {
            request.setParticipantIdentity(dial.participantIdentity());
        }
        if (dial.participantName() != null) {
            request.setParticipantName(dial.participantName());
        }
        if (dial.participantMetadata() != null) {
            request.setParticipantMetadata(dial.participantMetadata());
        }
        if (dial.ringingTimeout() != null) {
            request.setRingingTimeout(LiveKitProtos.duration(dial.ringingTimeout()));
        }
        if (dial.maxCallDuration() != null) {
            request.setMaxCallDuration(LiveKitProtos.duration(dial.maxCallDuration()));
        }
        if (dial.playDialtone()) {
            // Both flags, as the SDK sets them: older servers only know play_ringtone.
            request.setPlayDialtone(true).setPlayRingtone(true);
        }
        SipService service = dial.waitUntilAnswered()
                ? waitingDialServices.computeIfAbsent(timeouts.readFor(dial), read ->
                        OkHttpBridge.service(baseUrl, OkHttpBridge.withReadTimeout(http, read), SipService.class))
                : sipService;
        Call<livekit.LivekitSip.SIPParticipantInfo> call = service.createSipParticipant(request.build(),
                bearer(List.of(), List.of(new SIPCall(true))));
        return LiveKitProtos.participant(execute(OP_CREATE_PARTICIPANT, call, dial.waitUntilAnswered()));
    }

    @Override
    public void createRoom(String name, String metadata, int emptyTimeoutSeconds, String agentName,
                           String agentMetadata) {
        CreateRoomRequest.Builder request = CreateRoomRequest.newBuilder()
                .setName(name)
                .setMetadata(LiveKitProtos.nullToEmpty(metadata))
                .setEmptyTimeout(emptyTimeoutSeconds);
        if (agentName != null) {
            request.addAgents(LiveKitProtos.agent(agentName, agentMetadata));
        }
        call(OP_CREATE_ROOM, roomService.createRoom(request.build(), bearer(List.of(new RoomCreate(true)), List.of())));
    }

    @Override
    public void dispatchAgent(String room, String agentName, String metadata) {
        call(OP_CREATE_DISPATCH, agents.createDispatch(room, agentName, metadata));
    }

    @Override
    public void deleteRoom(String name) {
        ignoringNotFound(OP_DELETE_ROOM, rooms.deleteRoom(name));
    }

    @Override
    public List<String> listParticipants(String room) {
        return call(OP_LIST_PARTICIPANTS, rooms.listParticipants(room)).stream()
                .map(ParticipantInfo::getIdentity).toList();
    }

    /**
     * Loads and initialises the classes a first CreateRoom runs through (the SDK's Retrofit service, the protobuf
     * descriptors of livekit_room.proto and the files it imports, the access token's signing), on a throwaway
     * gateway with made-up credentials: the request is built and encoded, never sent.
     */
    public static void loadRoomRequestPath() {
        SdkLiveKitGateway g = new SdkLiveKitGateway(LiveKitCredentials.of("http://127.0.0.1:9", "warm-up",
                "warm-up-secret-that-signs-nothing-sent"));
        CreateRoomRequest request = CreateRoomRequest.newBuilder().setName("warm-up").setMetadata("{}")
                .addAgents(LiveKitProtos.agent("warm-up", "{}")).build();
        OkHttpBridge.buildRequest(
                g.roomService.createRoom(request, g.bearer(List.of(new RoomCreate(true)), List.of())));
    }

    /**
     * Loads what a first check of the SIP resources runs through (the list requests' Twirp path, the protobuf
     * messages of their answers and our mapping of them) on a gateway whose address answers nothing; nothing is
     * sent or read. For a warm-up beside a function's init ({@code BackgroundWarmUp}).
     */
    public static void loadSipListPath() throws IOException {
        SdkLiveKitGateway g = new SdkLiveKitGateway(LiveKitCredentials.of("http://127.0.0.1:9", "warm-up",
                "warm-up-secret-that-signs-nothing-sent"));
        OkHttpBridge.buildRequest(g.sip.listSipInboundTrunk());
        OkHttpBridge.buildRequest(g.sip.listSipDispatchRule());
        byte[] empty = new byte[0];
        ListSIPInboundTrunkResponse.parseFrom(empty).getItemsList().forEach(LiveKitProtos::inbound);
        ListSIPDispatchRuleResponse.parseFrom(empty).getItemsList().forEach(LiveKitProtos::rule);
        LiveKitProtos.inbound(SIPInboundTrunkInfo.getDefaultInstance());
        LiveKitProtos.rule(SIPDispatchRuleInfo.getDefaultInstance());
    }

    // --- plumbing ---

    private <T> T call(String operation, Call<T> call) {
        return execute(operation, call, false);
    }

    private <T> T execute(String operation, Call<T> call, boolean waitedForAnswer) {
        Response<T> response;
        try {
            response = call.execute();
        } catch (IOException e) {
            throw LiveKitErrors.transport(operation, e);
        }
        if (response.isSuccessful()) {
            return response.body();
        }
        String body;
        try {
            body = OkHttpBridge.errorBody(response);
        } catch (IOException e) {
            body = ""; // the status alone still classifies the failure
        }
        throw waitedForAnswer
                ? LiveKitErrors.fromDialResponse(operation, response.code(), body)
                : LiveKitErrors.fromResponse(operation, response.code(), body);
    }

    private void ignoringNotFound(String operation, Call<?> call) {
        try {
            call(operation, call);
        } catch (ProviderException.Permanent e) {
            if (!NOT_FOUND.equals(e.providerCode())) {
                throw e;
            }
        }
    }

    /** The token the SDK would send, for the calls the gateway makes through the SDK's services directly. */
    private String bearer(List<VideoGrant> video, List<SIPGrant> sipGrants) {
        AccessToken token = new AccessToken(credentials.apiKey(), credentials.apiSecret());
        token.addGrants(video);
        token.addSIPGrants(sipGrants);
        token.setTtl(TOKEN_TTL_MILLIS);
        return "Bearer " + token.toJwt();
    }

    private static ListUpdate listUpdate(List<String> add, List<String> remove) {
        List<String> a = orEmpty(add);
        List<String> r = orEmpty(remove);
        if (a.isEmpty() && r.isEmpty()) {
            // LiveKit refuses an empty ListUpdate; a caller asking for no change has a bug worth seeing.
            throw new IllegalArgumentException("nothing to add or remove");
        }
        return ListUpdate.newBuilder().addAllAdd(a).addAllRemove(r).build();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
