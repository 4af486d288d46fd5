package io.fedblend.shared.blend;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.shared.blend.InvalidUpdateException.Reason;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TensorSpec;
import io.fedblend.shared.model.Weights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateValidatorTest {

    static Weights filled(ModelSpec spec, float value) {
        List<Weights.Tensor> tensors = new ArrayList<>();
        for (TensorSpec t : spec.tensors()) {
            float[] values = new float[t.elementCount()];
            java.util.Arrays.fill(values, value);
            tensors.add(new Weights.Tensor(t, values));
        }
        return Weights.of(tensors);
    }

    private static InvalidUpdateException refusal(Weights update) {
        return assertThrows(InvalidUpdateException.class, () -> UpdateValidator.validate(update, ModelSpec.MLP));
    }

    @Test
    void acceptsWeightsThatFitTheModel() {
        assertDoesNotThrow(() -> UpdateValidator.validate(filled(ModelSpec.MLP, 0.01f), ModelSpec.MLP));
    }

    @Test
    void refusesMissingTensor() {
        List<Weights.Tensor> tensors = new ArrayList<>(filled(ModelSpec.MLP, 0).tensors());
        tensors.remove(1);

        InvalidUpdateException e = refusal(Weights.of(tensors));

        assertEquals(Reason.MISSING_TENSOR, e.reason());
        assertTrue(e.getMessage().contains("dense1_bias"), e.getMessage());
    }

    @Test
    void refusesUnexpectedTensor() {
        List<Weights.Tensor> tensors = new ArrayList<>(filled(ModelSpec.MLP, 0).tensors());
        tensors.add(new Weights.Tensor(new TensorSpec("conv1_bias", new long[] {32}), new float[32]));

        InvalidUpdateException e = refusal(Weights.of(tensors));

        assertEquals(Reason.UNEXPECTED_TENSOR, e.reason());
        assertEquals("tensor conv1_bias is not part of the mlp model", e.getMessage());
    }

    @Test
    void refusesWrongShape() {
        List<Weights.Tensor> tensors = new ArrayList<>(filled(ModelSpec.MLP, 0).tensors());
        tensors.set(2, new Weights.Tensor(new TensorSpec("dense2_kernel", new long[] {10, 128}), new float[1280]));

        InvalidUpdateException e = refusal(Weights.of(tensors));

        assertEquals(Reason.SHAPE_MISMATCH, e.reason());
        assertEquals("tensor dense2_kernel has shape [10, 128], expected [128, 10]", e.getMessage());
    }

    @Test
    void refusesNaN() {
        Weights w = filled(ModelSpec.MLP, 0);
        w.tensor("dense2_bias").values()[3] = Float.NaN;

        InvalidUpdateException e = refusal(w);

        assertEquals(Reason.NON_FINITE_VALUE, e.reason());
        assertTrue(e.getMessage().startsWith("tensor dense2_bias holds NaN at index 3 (1 non-finite value in all)"),
                e.getMessage());
    }

    @Test
    void refusesInfinity() {
        Weights w = filled(ModelSpec.MLP, 0);
        w.tensor("dense1_kernel").values()[7] = Float.NEGATIVE_INFINITY;
        w.tensor("dense1_kernel").values()[9] = Float.POSITIVE_INFINITY;

        InvalidUpdateException e = refusal(w);

        assertEquals(Reason.NON_FINITE_VALUE, e.reason());
        assertTrue(e.getMessage().startsWith("tensor dense1_kernel holds -Infinity at index 7 (2 non-finite values"),
                e.getMessage());
    }
}
