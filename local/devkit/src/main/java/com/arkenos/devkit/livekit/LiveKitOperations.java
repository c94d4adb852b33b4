package com.arkenos.devkit.livekit;

/**
 * The operation names the LiveKit sandbox counts and faults: the Twirp service's short name, a dot, the method.
 * Tests use them with {@link com.arkenos.devkit.faults.FaultPlan} ({@code failNext}, {@code delay}, {@code calls}).
 */
public final class LiveKitOperations {
    public static final String SIP_CREATE_INBOUND_TRUNK = "SIP.CreateSIPInboundTrunk";
    public static final String SIP_CREATE_OUTBOUND_TRUNK = "SIP.CreateSIPOutboundTrunk";
    public static final String SIP_UPDATE_INBOUND_TRUNK = "SIP.UpdateSIPInboundTrunk";
    public static final String SIP_UPDATE_OUTBOUND_TRUNK = "SIP.UpdateSIPOutboundTrunk";
    public static final String SIP_GET_INBOUND_TRUNK = "SIP.GetSIPInboundTrunk";
    public static final String SIP_GET_OUTBOUND_TRUNK = "SIP.GetSIPOutboundTrunk";
    public static final String SIP_LIST_INBOUND_TRUNK = "SIP.ListSIPInboundTrunk";
    public static final String SIP_LIST_OUTBOUND_TRUNK = "SIP.ListSIPOutboundTrunk";
    public static final String SIP_DELETE_TRUNK = "SIP.DeleteSIPTrunk";
    public static final String SIP_CREATE_DISPATCH_RULE = "SIP.CreateSIPDispatchRule";
    public static final String SIP_UPDATE_DISPATCH_RULE = "SIP.UpdateSIPDispatchRule";
    public static final String SIP_LIST_DISPATCH_RULE = "SIP.ListSIPDispatchRule";
    public static final String SIP_DELETE_DISPATCH_RULE = "SIP.DeleteSIPDispatchRule";
    public static final String SIP_CREATE_PARTICIPANT = "SIP.CreateSIPParticipant";

    public static final String ROOM_CREATE = "RoomService.CreateRoom";
    public static final String ROOM_DELETE = "RoomService.DeleteRoom";
    public static final String ROOM_LIST = "RoomService.ListRooms";
    public static final String ROOM_LIST_PARTICIPANTS = "RoomService.ListParticipants";
    public static final String ROOM_REMOVE_PARTICIPANT = "RoomService.RemoveParticipant";

    public static final String AGENT_CREATE_DISPATCH = "AgentDispatchService.CreateDispatch";
    public static final String AGENT_LIST_DISPATCH = "AgentDispatchService.ListDispatch";
    public static final String AGENT_DELETE_DISPATCH = "AgentDispatchService.DeleteDispatch";

    private LiveKitOperations() {
    }

    /** {@code livekit.SIP} + {@code CreateSIPParticipant} gives {@code SIP.CreateSIPParticipant}. */
    static String of(String twirpService, String method) {
        int dot = twirpService.lastIndexOf('.');
        return twirpService.substring(dot + 1) + "." + method;
    }
}
