package io.fedblend.shared.model;

import java.util.Arrays;

/** The name and shape of one float32 weight tensor of a model. */
public record TensorSpec(String name, long[] shape) {

    public TensorSpec {
        shape = shape.clone();
    }

    public long[] shape() {
        return shape.clone();
    }

    public int elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec other && name.equals(other.name) && Arrays.equals(shape, other.shape);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + shapeText();
    }
}
