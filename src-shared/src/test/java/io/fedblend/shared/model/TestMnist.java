package io.fedblend.shared.model;

import io.fedblend.shared.data.Dataset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;

/** Just enough IDX reading for model tests to use the real MNIST files when they are on this machine. */
final class TestMnist {

    private TestMnist() {
    }

    static Path dataDir() {
        String dir = System.getenv("FEDBLEND_DATA_DIR");
        if (dir != null && !dir.isBlank()) {
            return Paths.get(dir);
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Paths.get(cache)
                : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("fedblend").resolve("mnist");
    }

    /** Training examples {@code [from, to)}; skips the calling test when MNIST is absent. */
    static Dataset train(int from, int to) throws IOException {
        return load("train", from, to);
    }

    static Dataset test(int from, int to) throws IOException {
        return load("t10k", from, to);
    }

    private static Dataset load(String prefix, int from, int to) throws IOException {
        Path images = dataDir().resolve(prefix + "-images-idx3-ubyte");
        Path labels = dataDir().resolve(prefix + "-labels-idx1-ubyte");
        Assumptions.assumeTrue(Files.isRegularFile(images) && Files.isRegularFile(labels),
                "MNIST not found in " + dataDir() + " (set FEDBLEND_DATA_DIR); skipping the real-data test");
        byte[] px = Files.readAllBytes(images);
        byte[] lb = Files.readAllBytes(labels);
        if (ByteBuffer.wrap(px).getInt() != 0x803 || ByteBuffer.wrap(lb).getInt() != 0x801) {
            throw new IOException("not IDX files: " + images + ", " + labels);
        }
        return new Dataset(prefix + "[" + from + ", " + to + ")",
                Arrays.copyOfRange(px, 16 + from * 784, 16 + to * 784),
                Arrays.copyOfRange(lb, 8 + from, 8 + to), 28, 28);
    }

    /** Random pixels and labels: enough to exercise training without the real data. */
    static Dataset noise(int count, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        byte[] px = new byte[count * 784];
        byte[] lb = new byte[count];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) random.nextInt(256);
        }
        for (int i = 0; i < count; i++) {
            lb[i] = (byte) random.nextInt(10);
        }
        return new Dataset("noise", px, lb, 28, 28);
    }
}
