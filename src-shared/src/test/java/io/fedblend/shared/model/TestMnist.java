package io.fedblend.shared.model;

import io.fedblend.shared.RealMnist;
import io.fedblend.shared.data.Dataset;
import java.io.IOException;

/** Data for model tests: slices of the real MNIST, or random pixels where content does not matter. */
final class TestMnist {

    private TestMnist() {
    }

    /** Training examples {@code [from, to)} of the real MNIST (fetched when missing). */
    static Dataset train(int from, int to) throws IOException {
        return RealMnist.train(from, to);
    }

    static Dataset test(int from, int to) throws IOException {
        return RealMnist.test(from, to);
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
