package dev.kiln.formats.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** A small builder over ONNX's {@code GraphProto}: float32 initializers, nodes with attributes, typed values. */
final class OnnxGraph {
    static final String BATCH = "batch";

    private final GraphProto.Builder graph = GraphProto.newBuilder();

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** Adds a float32 constant. */
    void floats(String name, long[] dims, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(tensor(name, dims, TensorProto.DataType.FLOAT, bytes.array()));
    }

    /** Adds an int64 constant. */
    void longs(String name, long[] dims, long[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(tensor(name, dims, TensorProto.DataType.INT64, bytes.array()));
    }

    private static TensorProto tensor(String name, long[] dims, TensorProto.DataType type, byte[] data) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        return tensor.setRawData(ByteString.copyFrom(data)).build();
    }

    /** Adds a node and returns a builder for its attributes. */
    Node node(String name, String opType, List<String> inputs, String output) {
        NodeProto.Builder node = graph.addNodeBuilder()
                .setName(name)
                .setOpType(opType)
                .addAllInput(inputs)
                .addOutput(output);
        return new Node(node);
    }

    /** Renames the output of the last node, so that the graph's output can carry a fixed name. */
    void renameLastOutput(String from, String to) {
        int last = graph.getNodeCount() - 1;
        NodeProto.Builder node = graph.getNodeBuilder(last);
        if (!node.getOutput(0).equals(from)) {
            throw new IllegalStateException("the last node produces " + node.getOutput(0) + ", not " + from);
        }
        node.setOutput(0, to);
    }

    /** Adds a graph input of float32 {@code [batch, *sampleShape]}. */
    void input(String name, List<Integer> sampleShape) {
        graph.addInput(floatValue(name, sampleShape));
    }

    /** Adds a graph output of float32 {@code [batch, *sampleShape]}. */
    void output(String name, List<Integer> sampleShape) {
        graph.addOutput(floatValue(name, sampleShape));
    }

    private static ValueInfoProto floatValue(String name, List<Integer> sampleShape) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDimBuilder().setDimParam(BATCH);
        for (int dim : sampleShape) {
            shape.addDimBuilder().setDimValue(dim);
        }
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    GraphProto build() {
        return graph.build();
    }

    /** Attributes of one node. */
    static final class Node {
        private final NodeProto.Builder node;

        private Node(NodeProto.Builder node) {
            this.node = node;
        }

        Node ints(String name, long... values) {
            AttributeProto.Builder attribute =
                    AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
            for (long value : values) {
                attribute.addInts(value);
            }
            node.addAttribute(attribute);
            return this;
        }

        Node integer(String name, long value) {
            node.addAttribute(AttributeProto.newBuilder()
                    .setName(name)
                    .setType(AttributeType.INT)
                    .setI(value));
            return this;
        }

        Node real(String name, float value) {
            node.addAttribute(AttributeProto.newBuilder()
                    .setName(name)
                    .setType(AttributeType.FLOAT)
                    .setF(value));
            return this;
        }
    }
}
