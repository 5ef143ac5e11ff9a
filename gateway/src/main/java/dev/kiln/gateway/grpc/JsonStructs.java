package dev.kiln.gateway.grpc;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JSON objects to and from {@code google.protobuf.Struct}, for the model spec (which is JSON on REST). */
final class JsonStructs {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonStructs() {}

    static Struct toStruct(JsonNode object) {
        Struct.Builder struct = Struct.newBuilder();
        if (object != null && object.isObject()) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                struct.putFields(field.getKey(), toValue(field.getValue()));
            }
        }
        return struct.build();
    }

    static ObjectNode toJson(Struct struct) {
        ObjectNode object = NODES.objectNode();
        struct.getFieldsMap().forEach((name, value) -> object.set(name, toJson(value)));
        return object;
    }

    private static Value toValue(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        }
        if (node.isObject()) {
            return Value.newBuilder().setStructValue(toStruct(node)).build();
        }
        if (node.isArray()) {
            ListValue.Builder list = ListValue.newBuilder();
            node.forEach(item -> list.addValues(toValue(item)));
            return Value.newBuilder().setListValue(list).build();
        }
        if (node.isNumber()) {
            return Value.newBuilder().setNumberValue(node.asDouble()).build();
        }
        if (node.isBoolean()) {
            return Value.newBuilder().setBoolValue(node.asBoolean()).build();
        }
        return Value.newBuilder().setStringValue(node.asString()).build();
    }

    private static JsonNode toJson(Value value) {
        switch (value.getKindCase()) {
            case STRUCT_VALUE:
                return toJson(value.getStructValue());
            case LIST_VALUE:
                ArrayNode array = NODES.arrayNode();
                value.getListValue().getValuesList().forEach(item -> array.add(toJson(item)));
                return array;
            case NUMBER_VALUE:
                double number = value.getNumberValue();
                // whole numbers go back as integers, so {"out_features": 10} stays an int for the spec reader
                if (number == Math.rint(number) && Math.abs(number) < 1e15) {
                    return NODES.numberNode((long) number);
                }
                return NODES.numberNode(number);
            case BOOL_VALUE:
                return NODES.booleanNode(value.getBoolValue());
            case STRING_VALUE:
                return NODES.stringNode(value.getStringValue());
            default:
                return NODES.nullNode();
        }
    }
}
