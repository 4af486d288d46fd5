package io.fedblend.shared.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded starting weights, generated in Java so that the same seed gives the same model on every
 * machine and TensorFlow build. Kernels are Glorot-uniform and biases start at zero. (He-uniform on the
 * ReLU layers was tried too: on MNIST it trained this model slightly worse.)
 */
final class InitialWeights {

    private InitialWeights() {
    }

    static Weights of(ModelSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Weights.Tensor> tensors = new ArrayList<>();
        for (TensorSpec t : spec.tensors()) {
            float[] values = new float[t.elementCount()];
            long[] shape = t.shape();
            if (shape.length > 1) {
                long fanOut = shape[shape.length - 1];
                long fanIn = values.length / fanOut;
                double bound = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int k = 0; k < values.length; k++) {
                    values[k] = (float) random.nextDouble(-bound, bound);
                }
            }
            tensors.add(new Weights.Tensor(t, values));
        }
        return Weights.of(tensors);
    }
}
