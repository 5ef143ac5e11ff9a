package dev.kiln.contracts.spec;

import java.util.List;

/**
 * {@code torch.nn.Dropout(p=0.5)}: zeroes elements with probability p while training; the shape is unchanged.
 *
 * @param p the probability, 0 &lt;= p &lt; 1 (default 0.5)
 */
public record Dropout(Double p) implements Layer {
    public static final double DEFAULT_P = 0.5;

    /** {@code nn.Dropout(p)}. */
    public Dropout(double p) {
        this(Double.valueOf(p));
    }

    public double pOrDefault() {
        return p == null ? DEFAULT_P : p;
    }

    @Override
    public LayerShape infer(int index, List<Integer> inputShape) {
        LayerSite site = new LayerSite(index, this, inputShape);
        double value = pOrDefault();
        if (!(value >= 0 && value < 1)) {
            throw site.fail("p", "p must be at least 0 and less than 1, got %s", value);
        }
        return site.shape(new Dropout(value), inputShape, List.of());
    }
}
