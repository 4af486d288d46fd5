package io.fedblend.shared.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.fedblend.shared.blend.InvalidUpdateException;
import io.fedblend.shared.blend.InvalidUpdateException.Reason;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TensorSpec;
import io.fedblend.shared.model.TrainingConfig;
import io.fedblend.shared.model.Weights;
import io.fedblend.shared.proto.DataType;
import io.fedblend.shared.proto.ModelWeights;
import io.fedblend.shared.proto.NamedTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class WeightsMessagesTest {

    private static final ModelSpec SPEC = ModelSpec.MLP;

    static Weights randomWeights(ModelSpec spec, long seed) {
        Random random = new Random(seed);
        List<Weights.Tensor> tensors = new ArrayList<>();
        for (TensorSpec t : spec.tensors()) {
            float[] values = new float[t.elementCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            tensors.add(new Weights.Tensor(t, values));
        }
        return Weights.of(tensors);
    }

    /** The message for random MLP weights with one tensor changed. */
    private static ModelWeights withTensor(String name, UnaryOperator<NamedTensor.Builder> change) {
        ModelWeights.Builder message = WeightsMessages.toMessage(randomWeights(SPEC, 1), SPEC).toBuilder();
        for (NamedTensor.Builder t : message.getTensorsBuilderList()) {
            if (t.getName().equals(name)) {
                change.apply(t);
            }
        }
        return message.build();
    }

    private static InvalidUpdateException refusal(ModelWeights message) {
        return assertThrows(InvalidUpdateException.class, () -> WeightsMessages.fromMessage(message, SPEC));
    }

    private static ByteString floatsLittleEndian(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return ByteString.copyFrom(b.array());
    }

    @Test
    void roundTripIsBitIdentical() throws Exception {
        Weights weights = randomWeights(ModelSpec.CNN, 7);
        float[] bias = weights.tensor("conv1_bias").values();
        bias[0] = -0f;
        bias[1] = Float.MIN_VALUE;
        bias[2] = Float.MAX_VALUE;
        bias[3] = -Float.MIN_NORMAL;

        ModelWeights message = WeightsMessages.toMessage(weights, ModelSpec.CNN);
        Weights back = WeightsMessages.fromMessage(ModelWeights.parseFrom(message.toByteString()), ModelSpec.CNN);

        assertTrue(weights.sameAs(back));
        assertEquals(ModelSpec.CNN.fingerprint(), message.getFingerprint());
    }

    @Test
    void tensorsTravelAsLittleEndianFloat32() {
        Weights weights = randomWeights(SPEC, 2);
        weights.tensor("dense2_bias").values()[0] = 1.0f;

        NamedTensor bias = WeightsMessages.toMessage(weights, SPEC).getTensors(3);

        assertEquals("dense2_bias", bias.getName());
        assertEquals(List.of(10L), bias.getShapeList());
        assertEquals(DataType.FLOAT32, bias.getDtype());
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f}, bias.getData().substring(0, 4).toByteArray());
    }

    @Test
    void decodesInTheSpecsOrderWhateverTheMessageOrder() {
        ModelWeights message = WeightsMessages.toMessage(randomWeights(SPEC, 3), SPEC);
        List<NamedTensor> reversed = new ArrayList<>(message.getTensorsList());
        java.util.Collections.reverse(reversed);

        Weights back = WeightsMessages.fromMessage(message.toBuilder().clearTensors().addAllTensors(reversed).build(), SPEC);

        assertEquals(SPEC.tensors(), back.specs());
        assertTrue(randomWeights(SPEC, 3).sameAs(back));
    }

    @Test
    void refusesWrongFingerprintBeforeAnythingElse() {
        ModelWeights cnnLabelled = WeightsMessages.toMessage(randomWeights(SPEC, 1), ModelSpec.CNN).toBuilder()
                .setTensors(0, NamedTensor.newBuilder().setName("broken")).build();

        InvalidUpdateException e = refusal(cnnLabelled);

        assertEquals(Reason.FINGERPRINT_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains(ModelSpec.CNN.fingerprint()) && e.getMessage().contains("mlp model"),
                e.getMessage());
    }

    @Test
    void refusesWrongDtype() {
        InvalidUpdateException e = refusal(withTensor("dense1_bias", t -> t.setDtype(DataType.DATA_TYPE_UNSPECIFIED)));

        assertEquals(Reason.WRONG_DTYPE, e.reason());
        assertEquals("tensor dense1_bias has dtype DATA_TYPE_UNSPECIFIED, expected FLOAT32", e.getMessage());
    }

    @Test
    void refusesWrongByteLength() {
        InvalidUpdateException e = refusal(withTensor("dense2_bias", t -> t.setData(t.getData().substring(4))));

        assertEquals(Reason.WRONG_BYTE_LENGTH, e.reason());
        assertEquals("tensor dense2_bias carries 36 bytes, expected 40 (10 float32 values of shape [10])",
                e.getMessage());
    }

    @Test
    void refusesWrongShape() {
        InvalidUpdateException e = refusal(withTensor("dense2_kernel", t -> t.clearShape().addShape(10).addShape(128)));

        assertEquals(Reason.SHAPE_MISMATCH, e.reason());
        assertEquals("tensor dense2_kernel has shape [10, 128], expected [128, 10]", e.getMessage());
    }

    @Test
    void refusesNaN() {
        float[] values = new float[10];
        values[6] = Float.NaN;
        InvalidUpdateException e = refusal(withTensor("dense2_bias", t -> t.setData(floatsLittleEndian(values))));

        assertEquals(Reason.NON_FINITE_VALUE, e.reason());
        assertTrue(e.getMessage().startsWith("tensor dense2_bias holds NaN at index 6"), e.getMessage());
    }

    @Test
    void refusesInfinity() {
        float[] values = new float[128];
        values[0] = Float.POSITIVE_INFINITY;
        InvalidUpdateException e = refusal(withTensor("dense1_bias", t -> t.setData(floatsLittleEndian(values))));

        assertEquals(Reason.NON_FINITE_VALUE, e.reason());
        assertTrue(e.getMessage().startsWith("tensor dense1_bias holds Infinity at index 0"), e.getMessage());
    }

    @Test
    void refusesMissingTensor() {
        ModelWeights message = WeightsMessages.toMessage(randomWeights(SPEC, 1), SPEC).toBuilder()
                .removeTensors(1).build();

        InvalidUpdateException e = refusal(message);

        assertEquals(Reason.MISSING_TENSOR, e.reason());
        assertEquals("tensor dense1_bias of the mlp model is missing", e.getMessage());
    }

    @Test
    void refusesExtraTensor() {
        ModelWeights message = WeightsMessages.toMessage(randomWeights(SPEC, 1), SPEC).toBuilder()
                .addTensors(NamedTensor.newBuilder().setName("conv1_bias").addShape(1).setDtype(DataType.FLOAT32)
                        .setData(floatsLittleEndian(0f)))
                .build();

        InvalidUpdateException e = refusal(message);

        assertEquals(Reason.UNEXPECTED_TENSOR, e.reason());
        assertEquals("tensor conv1_bias is not part of the mlp model", e.getMessage());
    }

    @Test
    void refusesDuplicateTensor() {
        ModelWeights message = WeightsMessages.toMessage(randomWeights(SPEC, 1), SPEC);
        ModelWeights doubled = message.toBuilder().addTensors(message.getTensors(3)).build();

        InvalidUpdateException e = refusal(doubled);

        assertEquals(Reason.UNEXPECTED_TENSOR, e.reason());
        assertEquals("tensor dense2_bias appears more than once", e.getMessage());
    }

    @Test
    void trainingConfigRoundTrips() {
        TrainingConfig config = new TrainingConfig(3, 64, 5e-4f, 1234L);

        assertEquals(config, WeightsMessages.fromMessage(WeightsMessages.toMessage(config)));
    }

    @Test
    void trainingConfigOutOfRangeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightsMessages.fromMessage(io.fedblend.shared.proto.TrainingConfig.getDefaultInstance()));

        assertTrue(e.getMessage().contains("epochs must be at least 1, got 0"), e.getMessage());
    }
}
