package io.fedblend.shared.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's weights as named float32 tensors, in the model's own order. Plain Java: this is what
 * travels over the wire, is blended and is written to checkpoints.
 */
public final class Weights {

    /** One named tensor and its values in row-major order. */
    public record Tensor(TensorSpec spec, float[] values) {
        public String name() {
            return spec.name();
        }
    }

    private final Map<String, Tensor> tensors;

    private Weights(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Builds weights from tensors; refuses duplicate names and value counts that do not fit the shape. */
    public static Weights of(List<Tensor> tensors) {
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            if (t.values().length != t.spec().elementCount()) {
                throw new IllegalArgumentException("tensor " + t.name() + " has " + t.values().length
                        + " values but its shape " + t.spec().shapeText() + " needs " + t.spec().elementCount());
            }
            if (byName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("tensor " + t.name() + " appears twice");
            }
        }
        return new Weights(byName);
    }

    public List<Tensor> tensors() {
        return new ArrayList<>(tensors.values());
    }

    public Tensor tensor(String name) {
        return tensors.get(name);
    }

    public List<TensorSpec> specs() {
        return tensors.values().stream().map(Tensor::spec).toList();
    }

    public int size() {
        return tensors.size();
    }

    public long parameterCount() {
        return tensors.values().stream().mapToLong(t -> t.values().length).sum();
    }

    /** True when both hold the same names, shapes and bit-identical values. */
    public boolean sameAs(Weights other) {
        if (!specs().equals(other.specs())) {
            return false;
        }
        for (Tensor t : tensors.values()) {
            float[] a = t.values();
            float[] b = other.tensor(t.name()).values();
            for (int i = 0; i < a.length; i++) {
                if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Weights" + Arrays.toString(specs().toArray());
    }
}
