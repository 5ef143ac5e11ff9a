package dev.kiln.formats.onnx;

import dev.kiln.contracts.spec.AvgPool2d;
import dev.kiln.contracts.spec.BatchNorm1d;
import dev.kiln.contracts.spec.BatchNorm2d;
import dev.kiln.contracts.spec.Conv2d;
import dev.kiln.contracts.spec.Dropout;
import dev.kiln.contracts.spec.Flatten;
import dev.kiln.contracts.spec.Layer;
import dev.kiln.contracts.spec.LayerShape;
import dev.kiln.contracts.spec.Linear;
import dev.kiln.contracts.spec.MaxPool2d;
import dev.kiln.contracts.spec.ReLU;
import dev.kiln.contracts.spec.Sigmoid;
import dev.kiln.contracts.spec.Softmax;
import dev.kiln.contracts.spec.Tanh;
import dev.kiln.contracts.spec.TensorShape;
import dev.kiln.formats.StateDict;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns each resolved layer into the ONNX nodes that compute what its {@code torch.nn} module computes in eval mode.
 * Weights become float32 initializers named by their state-dict keys ({@code 1.weight}).
 */
final class LayerNodes {
    private final OnnxGraph graph;
    private final StateDict stateDict;

    LayerNodes(OnnxGraph graph, StateDict stateDict) {
        this.graph = graph;
        this.stateDict = stateDict;
    }

    /** Adds the nodes of one layer reading {@code input}; returns the name of the tensor it produces. */
    String add(LayerShape shape, String input) {
        int i = shape.index();
        String output = "/" + i + "/" + shape.layer().type() + "_output";
        String name = "/" + i + "/" + shape.layer().type();
        Layer layer = shape.layer();
        if (layer instanceof Dropout) {
            return input; // the identity in eval mode
        } else if (layer instanceof Flatten flatten) {
            flatten(shape, flatten, input, output, name);
        } else if (layer instanceof Linear) {
            graph.node(name, "Gemm", parameters(shape, input), output).integer("transB", 1);
        } else if (layer instanceof Conv2d conv) {
            graph.node(name, "Conv", parameters(shape, input), output)
                    .ints("kernel_shape", conv.kernelH(), conv.kernelW())
                    .ints("strides", conv.strideH(), conv.strideW())
                    .ints("pads", conv.paddingH(), conv.paddingW(), conv.paddingH(), conv.paddingW())
                    .ints("dilations", 1, 1)
                    .integer("group", 1);
        } else if (layer instanceof MaxPool2d pool) {
            graph.node(name, "MaxPool", List.of(input), output)
                    .ints("kernel_shape", pool.kernelH(), pool.kernelW())
                    .ints("strides", pool.strideH(), pool.strideW())
                    .ints("pads", pool.paddingH(), pool.paddingW(), pool.paddingH(), pool.paddingW());
        } else if (layer instanceof AvgPool2d pool) {
            graph.node(name, "AveragePool", List.of(input), output)
                    .ints("kernel_shape", pool.kernelH(), pool.kernelW())
                    .ints("strides", pool.strideH(), pool.strideW())
                    .ints("pads", pool.paddingH(), pool.paddingW(), pool.paddingH(), pool.paddingW())
                    .integer("count_include_pad", 1); // torch's default; ONNX's is 0
        } else if (layer instanceof BatchNorm1d norm) {
            batchNorm(shape, input, output, name, norm.epsOrDefault(), norm.momentumOrDefault());
        } else if (layer instanceof BatchNorm2d norm) {
            batchNorm(shape, input, output, name, norm.epsOrDefault(), norm.momentumOrDefault());
        } else if (layer instanceof ReLU) {
            graph.node(name, "Relu", List.of(input), output);
        } else if (layer instanceof Sigmoid) {
            graph.node(name, "Sigmoid", List.of(input), output);
        } else if (layer instanceof Tanh) {
            graph.node(name, "Tanh", List.of(input), output);
        } else if (layer instanceof Softmax softmax) {
            graph.node(name, "Softmax", List.of(input), output)
                    .integer("axis", normalisedDim(softmax.dimOrDefault(), shape.inputShape()));
        } else {
            throw new IllegalArgumentException("no ONNX export for layer type " + layer.type());
        }
        return output;
    }

    private void flatten(LayerShape shape, Flatten flatten, String input, String output, String name) {
        int rank = shape.inputShape().size() + 1;
        int start = normalisedDim(flatten.startDimOrDefault(), shape.inputShape());
        int end = normalisedDim(flatten.endDimOrDefault(), shape.inputShape());
        if (start == 1 && end == rank - 1) {
            graph.node(name, "Flatten", List.of(input), output).integer("axis", 1);
            return;
        }
        // Partial flatten: reshape to [batch (0 = copy), *per-sample output shape].
        List<Integer> target = shape.outputShape();
        long[] dims = new long[target.size() + 1];
        for (int d = 0; d < target.size(); d++) {
            dims[d + 1] = target.get(d);
        }
        String shapeName = shape.index() + ".shape";
        graph.longs(shapeName, new long[] {dims.length}, dims);
        graph.node(name, "Reshape", List.of(input, shapeName), output);
    }

    private void batchNorm(LayerShape shape, String input, String output, String name, double eps, double momentum) {
        graph.node(name, "BatchNormalization", parameters(shape, input), output)
                .real("epsilon", (float) eps)
                .real("momentum", (float) (1 - momentum)); // ONNX weighs the running value, torch the batch
    }

    /** The layer input followed by its float tensors (weight, bias, running_mean, running_var) as initializers. */
    private List<String> parameters(LayerShape shape, String input) {
        List<String> inputs = new ArrayList<>();
        inputs.add(input);
        for (TensorShape tensor : shape.parameters()) {
            if (tensor.name().equals("num_batches_tracked")) {
                continue;
            }
            String key = shape.index() + "." + tensor.name();
            graph.floats(key, toLongs(tensor.shape()), stateDict.get(key).toFloatArray());
            inputs.add(key);
        }
        return inputs;
    }

    /** A torch dimension index that counts the batch (possibly negative) as 0..rank-1. */
    static int normalisedDim(int dim, List<Integer> sampleShape) {
        int rank = sampleShape.size() + 1;
        return dim < 0 ? dim + rank : dim;
    }

    private static long[] toLongs(List<Integer> values) {
        return values.stream().mapToLong(Integer::longValue).toArray();
    }
}
