package com.arkenos.devkit.livekit;

import com.arkenos.devkit.state.StateFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;

/**
 * The project's SIP trunks and dispatch rules as one JSON document, each in LiveKit's own protobuf JSON, so that a
 * restarted local stack still has the trunks and rules DynamoDB refers to (a LiveKit server keeps them in Redis).
 * Rooms, participants and dial outcomes are not kept: they end with their calls, as on a restarted LiveKit.
 */
final class LiveKitState {
    static final int VERSION = 1;
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private LiveKitState() {
    }

    static ObjectNode snapshot(SipInventory sip) {
        ObjectNode state = JsonNodeFactory.instance.objectNode().put("version", VERSION);
        put(state.putArray("inbound_trunks"), sip.inboundTrunks());
        put(state.putArray("outbound_trunks"), sip.outboundTrunks());
        put(state.putArray("dispatch_rules"), sip.rules());
        return state;
    }

    static void restore(JsonNode state, SipInventory sip) {
        if (state.path("version").asInt() != VERSION) {
            throw new IllegalStateException("unknown LiveKit sandbox state version " + state.path("version"));
        }
        sip.restore(read(state.path("inbound_trunks"), SIPInboundTrunkInfo::newBuilder),
                read(state.path("outbound_trunks"), SIPOutboundTrunkInfo::newBuilder),
                read(state.path("dispatch_rules"), SIPDispatchRuleInfo::newBuilder));
    }

    private static void put(ArrayNode array, List<? extends Message> messages) {
        for (Message m : messages) {
            try {
                array.add(StateFile.json().readTree(PRINTER.print(m)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Message> List<T> read(JsonNode array, Supplier<? extends Message.Builder> builders) {
        List<T> messages = new ArrayList<>();
        for (JsonNode json : array) {
            Message.Builder builder = builders.get();
            try {
                PARSER.merge(json.toString(), builder);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("unreadable LiveKit sandbox state: " + json, e);
            }
            messages.add((T) builder.build());
        }
        return messages;
    }
}
