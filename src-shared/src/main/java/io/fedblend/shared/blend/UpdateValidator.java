package io.fedblend.shared.blend;

import io.fedblend.shared.blend.InvalidUpdateException.Reason;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TensorSpec;
import io.fedblend.shared.model.Weights;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Checks weights against a model spec before they are blended: every tensor present, right shape, finite. */
public final class UpdateValidator {

    private UpdateValidator() {
    }

    /** Throws {@link InvalidUpdateException} at the first fault, naming the tensor. */
    public static void validate(Weights update, ModelSpec spec) {
        Set<String> expected = new HashSet<>();
        for (TensorSpec want : spec.tensors()) {
            expected.add(want.name());
            Weights.Tensor got = update.tensor(want.name());
            if (got == null) {
                throw new InvalidUpdateException(Reason.MISSING_TENSOR, "tensor " + want.name()
                        + " of the " + spec.name() + " model is missing from the update");
            }
            if (!Arrays.equals(got.spec().shape(), want.shape())) {
                throw new InvalidUpdateException(Reason.SHAPE_MISMATCH, "tensor " + want.name() + " has shape "
                        + got.spec().shapeText() + ", expected " + want.shapeText());
            }
        }
        for (TensorSpec got : update.specs()) {
            if (!expected.contains(got.name())) {
                throw new InvalidUpdateException(Reason.UNEXPECTED_TENSOR, "tensor " + got.name()
                        + " is not part of the " + spec.name() + " model");
            }
        }
        for (TensorSpec want : spec.tensors()) {
            requireFinite(want.name(), update.tensor(want.name()).values());
        }
    }

    /** Throws NON_FINITE_VALUE naming the tensor, the first bad index and value, and how many there are. */
    public static void requireFinite(String tensor, float[] values) {
        int first = -1;
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                if (first < 0) {
                    first = i;
                }
                count++;
            }
        }
        if (count > 0) {
            throw new InvalidUpdateException(Reason.NON_FINITE_VALUE, "tensor " + tensor + " holds " + values[first]
                    + " at index " + first + " (" + count + " non-finite value" + (count == 1 ? "" : "s")
                    + " in all); training probably diverged");
        }
    }
}
