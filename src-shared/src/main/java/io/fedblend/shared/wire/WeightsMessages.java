package io.fedblend.shared.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.fedblend.shared.blend.InvalidUpdateException;
import io.fedblend.shared.blend.InvalidUpdateException.Reason;
import io.fedblend.shared.blend.UpdateValidator;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TensorSpec;
import io.fedblend.shared.model.Weights;
import io.fedblend.shared.proto.DataType;
import io.fedblend.shared.proto.ModelWeights;
import io.fedblend.shared.proto.NamedTensor;
import io.fedblend.shared.proto.TrainingConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts weights and training settings to and from their gRPC messages. Tensors travel as little-endian
 * float32 bytes; decoding trusts nothing: fingerprint, dtype, tensor set, shapes, byte lengths and
 * finite values are all checked before any weights are handed out.
 */
public final class WeightsMessages {

    private WeightsMessages() {
    }

    /** Encodes the weights as they are, labelled with the spec's fingerprint; it does not validate them. */
    public static ModelWeights toMessage(Weights weights, ModelSpec spec) {
        ModelWeights.Builder message = ModelWeights.newBuilder().setFingerprint(spec.fingerprint());
        for (Weights.Tensor t : weights.tensors()) {
            NamedTensor.Builder tensor = message.addTensorsBuilder()
                    .setName(t.name())
                    .setDtype(DataType.FLOAT32)
                    .setData(encode(t.values()));
            for (long d : t.spec().shape()) {
                tensor.addShape(d);
            }
        }
        return message.build();
    }

    /**
     * Decodes weights for {@code spec}, in the spec's tensor order. Checks the fingerprint first, then
     * every dtype, then each expected tensor's presence, shape and byte length, then for tensors the spec
     * lacks, then finite values. Throws {@link InvalidUpdateException} naming the tensor and the fault.
     */
    public static Weights fromMessage(ModelWeights message, ModelSpec spec) {
        String expected = spec.fingerprint();
        if (!message.getFingerprint().equals(expected)) {
            throw new InvalidUpdateException(Reason.FINGERPRINT_MISMATCH, "model fingerprint '"
                    + message.getFingerprint() + "' does not match the " + spec.name() + " model's " + expected
                    + ": the weights come from another architecture");
        }
        Map<String, NamedTensor> byName = new HashMap<>();
        for (NamedTensor t : message.getTensorsList()) {
            if (t.getDtype() != DataType.FLOAT32) {
                throw new InvalidUpdateException(Reason.WRONG_DTYPE, "tensor " + t.getName() + " has dtype "
                        + t.getDtype() + ", expected FLOAT32");
            }
            if (byName.put(t.getName(), t) != null) {
                throw new InvalidUpdateException(Reason.UNEXPECTED_TENSOR, "tensor " + t.getName()
                        + " appears more than once");
            }
        }
        for (TensorSpec want : spec.tensors()) {
            NamedTensor got = byName.get(want.name());
            if (got == null) {
                throw new InvalidUpdateException(Reason.MISSING_TENSOR, "tensor " + want.name() + " of the "
                        + spec.name() + " model is missing");
            }
            if (!got.getShapeList().equals(boxed(want.shape()))) {
                throw new InvalidUpdateException(Reason.SHAPE_MISMATCH, "tensor " + want.name() + " has shape "
                        + got.getShapeList() + ", expected " + want.shapeText());
            }
            long bytes = 4L * want.elementCount();
            if (got.getData().size() != bytes) {
                throw new InvalidUpdateException(Reason.WRONG_BYTE_LENGTH, "tensor " + want.name() + " carries "
                        + got.getData().size() + " bytes, expected " + bytes + " (" + want.elementCount()
                        + " float32 values of shape " + want.shapeText() + ")");
            }
        }
        if (byName.size() > spec.tensors().size()) {
            for (NamedTensor t : message.getTensorsList()) {
                if (spec.tensors().stream().noneMatch(s -> s.name().equals(t.getName()))) {
                    throw new InvalidUpdateException(Reason.UNEXPECTED_TENSOR, "tensor " + t.getName()
                            + " is not part of the " + spec.name() + " model");
                }
            }
        }
        List<Weights.Tensor> tensors = new ArrayList<>(spec.tensors().size());
        for (TensorSpec want : spec.tensors()) {
            float[] values = decode(byName.get(want.name()).getData(), want.elementCount());
            UpdateValidator.requireFinite(want.name(), values);
            tensors.add(new Weights.Tensor(want, values));
        }
        return Weights.of(tensors);
    }

    public static TrainingConfig toMessage(io.fedblend.shared.model.TrainingConfig config) {
        return TrainingConfig.newBuilder()
                .setLocalEpochs(config.epochs())
                .setBatchSize(config.batchSize())
                .setLearningRate(config.learningRate())
                .setSeed(config.seed())
                .build();
    }

    /** Throws IllegalArgumentException (from the record) when the settings are out of range, e.g. 0 epochs. */
    public static io.fedblend.shared.model.TrainingConfig fromMessage(TrainingConfig message) {
        return new io.fedblend.shared.model.TrainingConfig(message.getLocalEpochs(), message.getBatchSize(),
                message.getLearningRate(), message.getSeed());
    }

    private static ByteString encode(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        // The array is never touched again, so the message may wrap it instead of copying.
        return UnsafeByteOperations.unsafeWrap(buffer.array());
    }

    private static float[] decode(ByteString data, int count) {
        float[] values = new float[count];
        data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static List<Long> boxed(long[] shape) {
        List<Long> list = new ArrayList<>(shape.length);
        for (long d : shape) {
            list.add(d);
        }
        return list;
    }
}
