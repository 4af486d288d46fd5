package io.fedblend.shared.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The architectures FedBlend knows, described by their weight tensors. The fingerprint hashes names,
 * shapes and dtypes so a client running another architecture is refused before it trains.
 */
public record ModelSpec(String name, List<TensorSpec> tensors) {

    /** conv 3x3x32 - pool - conv 3x3x64 - pool - dense 128 - dense 10: 225,034 parameters. */
    public static final ModelSpec CNN = new ModelSpec("cnn", List.of(
            new TensorSpec("conv1_kernel", new long[] {3, 3, 1, 32}),
            new TensorSpec("conv1_bias", new long[] {32}),
            new TensorSpec("conv2_kernel", new long[] {3, 3, 32, 64}),
            new TensorSpec("conv2_bias", new long[] {64}),
            new TensorSpec("dense1_kernel", new long[] {5 * 5 * 64, 128}),
            new TensorSpec("dense1_bias", new long[] {128}),
            new TensorSpec("dense2_kernel", new long[] {128, 10}),
            new TensorSpec("dense2_bias", new long[] {10})));

    /** 784 - 128 ReLU - 10: 101,770 parameters. */
    public static final ModelSpec MLP = new ModelSpec("mlp", List.of(
            new TensorSpec("dense1_kernel", new long[] {28 * 28, 128}),
            new TensorSpec("dense1_bias", new long[] {128}),
            new TensorSpec("dense2_kernel", new long[] {128, 10}),
            new TensorSpec("dense2_bias", new long[] {10})));

    public static final List<ModelSpec> ALL = List.of(CNN, MLP);

    public ModelSpec {
        tensors = List.copyOf(tensors);
    }

    public static ModelSpec byName(String name) {
        return ALL.stream()
                .filter(s -> s.name.equalsIgnoreCase(name.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model '" + name + "'; known models: "
                        + ALL.stream().map(ModelSpec::name).collect(Collectors.joining(", "))));
    }

    public long parameterCount() {
        return tensors.stream().mapToLong(TensorSpec::elementCount).sum();
    }

    /** SHA-256 (hex) of the spec's name and each tensor's name, shape and dtype, in order. */
    public String fingerprint() {
        String text = name + "|" + tensors.stream()
                .map(t -> t.name() + ":" + t.shapeText() + ":float32")
                .collect(Collectors.joining("|"));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
