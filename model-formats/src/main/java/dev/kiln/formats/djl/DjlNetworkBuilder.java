package dev.kiln.formats.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import dev.kiln.contracts.spec.AvgPool2d;
import dev.kiln.contracts.spec.BatchNorm1d;
import dev.kiln.contracts.spec.BatchNorm2d;
import dev.kiln.contracts.spec.Flatten;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.Layer;
import dev.kiln.contracts.spec.LayerShape;
import dev.kiln.contracts.spec.MaxPool2d;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.contracts.spec.ReLU;
import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.contracts.spec.Sigmoid;
import dev.kiln.contracts.spec.Softmax;
import dev.kiln.contracts.spec.Tanh;
import java.util.List;

/**
 * Builds the DJL network of a model spec: a {@link SequentialBlock} with exactly one child per spec layer, in order,
 * computing what the {@code torch.nn} module computes, so that child i holds the tensors of state-dict keys
 * {@code i.*} (see {@link DjlStateDicts}).
 *
 * <p>BatchNorm momentum: DJL weighs the running value ({@code running = m * running + (1 - m) * batch}), torch weighs
 * the batch; DJL's PyTorch engine passes {@code 1 - m} to libtorch. So DJL's momentum is {@code 1 - torch momentum}.
 */
public final class DjlNetworkBuilder {
    private DjlNetworkBuilder() {}

    /** The network of a spec (not yet initialized: call {@code initialize} with {@link #inputShape}). */
    public static SequentialBlock build(ModelSpec spec) {
        return build(ShapeInference.infer(spec));
    }

    public static SequentialBlock build(InferredModel model) {
        SequentialBlock network = new SequentialBlock();
        for (LayerShape layer : model.layers()) {
            network.add(block(layer));
        }
        return network;
    }

    /** The DJL input shape {@code [batch, *sampleShape]}. */
    public static Shape inputShape(InferredModel model, long batch) {
        long[] dims = new long[model.inputShape().size() + 1];
        dims[0] = batch;
        for (int i = 0; i < model.inputShape().size(); i++) {
            dims[i + 1] = model.inputShape().get(i);
        }
        return new Shape(dims);
    }

    private static Block block(LayerShape shape) {
        Layer layer = shape.layer();
        if (layer instanceof Flatten flatten) {
            return flatten(shape, flatten);
        } else if (layer instanceof dev.kiln.contracts.spec.Linear linear) {
            return Linear.builder()
                    .setUnits(linear.outFeatures())
                    .optBias(linear.hasBias())
                    .build();
        } else if (layer instanceof dev.kiln.contracts.spec.Conv2d conv) {
            return Conv2d.builder()
                    .setFilters(conv.outChannels())
                    .setKernelShape(new Shape(conv.kernelH(), conv.kernelW()))
                    .optStride(new Shape(conv.strideH(), conv.strideW()))
                    .optPadding(new Shape(conv.paddingH(), conv.paddingW()))
                    .optBias(conv.hasBias())
                    .build();
        } else if (layer instanceof MaxPool2d pool) {
            return Pool.maxPool2dBlock(
                    new Shape(pool.kernelH(), pool.kernelW()),
                    new Shape(pool.strideH(), pool.strideW()),
                    new Shape(pool.paddingH(), pool.paddingW()));
        } else if (layer instanceof AvgPool2d pool) {
            return Pool.avgPool2dBlock(
                    new Shape(pool.kernelH(), pool.kernelW()),
                    new Shape(pool.strideH(), pool.strideW()),
                    new Shape(pool.paddingH(), pool.paddingW()),
                    false,
                    true); // count_include_pad, torch's default
        } else if (layer instanceof BatchNorm1d norm) {
            return batchNorm(norm.epsOrDefault(), norm.momentumOrDefault());
        } else if (layer instanceof BatchNorm2d norm) {
            return batchNorm(norm.epsOrDefault(), norm.momentumOrDefault());
        } else if (layer instanceof ReLU) {
            return Activation.reluBlock();
        } else if (layer instanceof Sigmoid) {
            return Activation.sigmoidBlock();
        } else if (layer instanceof Tanh) {
            return Activation.tanhBlock();
        } else if (layer instanceof Softmax softmax) {
            int axis = dimension(softmax.dimOrDefault(), shape.inputShape());
            return LambdaBlock.singleton(array -> array.softmax(axis), "softmax");
        } else if (layer instanceof dev.kiln.contracts.spec.Dropout dropout) {
            return Dropout.builder().optRate((float) dropout.pOrDefault()).build();
        }
        throw new IllegalArgumentException("no DJL block for layer type " + layer.type());
    }

    private static Block flatten(LayerShape shape, Flatten flatten) {
        int rank = shape.inputShape().size() + 1;
        int start = dimension(flatten.startDimOrDefault(), shape.inputShape());
        int end = dimension(flatten.endDimOrDefault(), shape.inputShape());
        if (start == 1 && end == rank - 1) {
            return Blocks.batchFlattenBlock();
        }
        List<Integer> target = shape.outputShape();
        return new LambdaBlock(inputs -> new NDList(reshapeKeepingBatch(inputs.singletonOrThrow(), target)), "flatten");
    }

    private static NDArray reshapeKeepingBatch(NDArray array, List<Integer> sampleShape) {
        long[] dims = new long[sampleShape.size() + 1];
        dims[0] = array.getShape().get(0);
        for (int i = 0; i < sampleShape.size(); i++) {
            dims[i + 1] = sampleShape.get(i);
        }
        return array.reshape(new Shape(dims));
    }

    private static Block batchNorm(double eps, double torchMomentum) {
        return BatchNorm.builder()
                .optEpsilon((float) eps)
                .optMomentum((float) (1 - torchMomentum))
                .build();
    }

    private static int dimension(int dim, List<Integer> sampleShape) {
        int rank = sampleShape.size() + 1;
        return dim < 0 ? dim + rank : dim;
    }
}
