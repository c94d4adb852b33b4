package com.arkenos.telephony.core.aws;

import com.arkenos.telephony.core.http.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Items in DynamoDB's JSON form ({@code {"name": {"S": "..."}, "n": {"N": "5"}, ...}}), the form of the DynamoDB wire
 * protocol and of the images in a DynamoDB stream event, to and from the SDK's {@link AttributeValue}s.
 */
public final class DynamoJson {
    private DynamoJson() {
    }

    public static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode out = JsonTrees.object();
        item.forEach((k, v) -> out.set(k, value(v)));
        return out;
    }

    public static ObjectNode value(AttributeValue v) {
        ObjectNode o = JsonTrees.object();
        switch (v.type()) {
            case S -> o.put("S", v.s());
            case N -> o.put("N", v.n());
            case B -> o.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BOOL -> o.put("BOOL", v.bool());
            case NUL -> o.put("NULL", true);
            case SS -> v.ss().forEach(o.putArray("SS")::add);
            case NS -> v.ns().forEach(o.putArray("NS")::add);
            case BS -> {
                ArrayNode bs = o.putArray("BS");
                v.bs().forEach(b -> bs.add(Base64.getEncoder().encodeToString(b.asByteArray())));
            }
            case M -> o.set("M", item(v.m()));
            case L -> {
                ArrayNode l = o.putArray("L");
                v.l().forEach(x -> l.add(value(x)));
            }
            default -> throw new IllegalArgumentException("unknown attribute value type " + v.type());
        }
        return o;
    }

    /** An item given in DynamoDB's JSON form; an absent or non-object node is an empty item. */
    public static Map<String, AttributeValue> item(JsonNode json) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        if (json != null && json.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), value(e.getValue()));
            }
        }
        return out;
    }

    public static AttributeValue value(JsonNode v) {
        if (v.has("S")) {
            return AttributeValue.fromS(v.get("S").asText());
        }
        if (v.has("N")) {
            return AttributeValue.fromN(v.get("N").asText());
        }
        if (v.has("BOOL")) {
            return AttributeValue.fromBool(v.get("BOOL").asBoolean());
        }
        if (v.has("NULL")) {
            return AttributeValue.fromNul(true);
        }
        if (v.has("B")) {
            return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.get("B").asText())));
        }
        if (v.has("M")) {
            return AttributeValue.fromM(item(v.get("M")));
        }
        if (v.has("L")) {
            List<AttributeValue> list = new ArrayList<>();
            v.get("L").forEach(x -> list.add(value(x)));
            return AttributeValue.fromL(list);
        }
        if (v.has("SS") || v.has("NS") || v.has("BS")) {
            String kind = v.has("SS") ? "SS" : v.has("NS") ? "NS" : "BS";
            List<String> values = new ArrayList<>();
            v.get(kind).forEach(x -> values.add(x.asText()));
            return switch (kind) {
                case "SS" -> AttributeValue.fromSs(values);
                case "NS" -> AttributeValue.fromNs(values);
                default -> AttributeValue.fromBs(values.stream()
                        .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b))).toList());
            };
        }
        throw new IllegalArgumentException("not a DynamoDB attribute value: " + v);
    }
}
