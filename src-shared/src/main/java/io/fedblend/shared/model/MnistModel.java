package io.fedblend.shared.model;

import io.fedblend.shared.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * One model of a {@link ModelSpec} in TensorFlow: train with Adam, evaluate, read and replace its weights.
 * Not thread-safe: one caller at a time. Close it to free the native graph and session.
 *
 * <p>Deterministic: the starting weights come from the seed, every epoch's shuffle from the training
 * config's seed and the epoch, and the Adam step count lives here, so the same seed and thread count
 * give bit-identical weights.
 */
public final class MnistModel implements AutoCloseable {

    private static final int PIXELS = 28 * 28;
    /** Larger batches make the convolutions' scratch buffers outgrow the caches: 1,000 was twice as slow. */
    private static final int EVAL_BATCH = 250;

    private final ModelSpec spec;
    private final Graph graph;
    private final ModelGraph net;
    private final Session session;
    /** Adam steps taken since the weights were last assigned. */
    private long step;
    private boolean closed;

    private MnistModel(ModelSpec spec, int threads) {
        this.spec = spec;
        this.graph = new Graph();
        try {
            this.net = new ModelGraph(graph, spec);
            // TensorFlow sizes its shared intra-op pool from the first session of the process, so
            // a thread count only takes full effect when every model in the process asks for the same one.
            ConfigProto.Builder config = ConfigProto.newBuilder();
            if (threads > 0) {
                config.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(threads);
            }
            this.session = new Session(graph, config.build());
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /** A model with seeded starting weights; {@code threads <= 0} leaves the thread count to TensorFlow. */
    public static MnistModel create(ModelSpec spec, long seed, int threads) {
        MnistModel model = new MnistModel(spec, threads);
        try {
            model.assign(InitialWeights.of(spec, seed));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Trains on all of {@code data}, reshuffled every epoch; returns the mean loss of the last epoch. */
    public double train(Dataset data, TrainingConfig config, TrainingProgress progress) {
        checkOpen();
        checkImages(data, "train");
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double epochLoss = Double.NaN;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            shuffle(order, new SplittableRandom(config.seed() ^ (0x9E3779B97F4A7C15L * epoch)));
            double lossSum = 0;
            for (int start = 0; start < n; start += config.batchSize()) {
                int size = Math.min(config.batchSize(), n - start);
                byte[] pixels = new byte[size * PIXELS];
                int[] labels = new int[size];
                for (int k = 0; k < size; k++) {
                    int example = order[start + k];
                    System.arraycopy(data.pixels(), example * PIXELS, pixels, k * PIXELS, PIXELS);
                    labels[k] = data.labels()[example] & 0xFF;
                }
                lossSum += (double) trainBatch(pixels, labels, config.learningRate()) * size;
                progress.onBatch(epoch, config.epochs(), start + size, n, lossSum / (start + size));
            }
            epochLoss = lossSum / n;
        }
        return epochLoss;
    }

    private float trainBatch(byte[] pixels, int[] labels, float learningRate) {
        step++;
        float beta1Power = (float) StrictMath.pow(ModelGraph.BETA1, step);
        float beta2Power = (float) StrictMath.pow(ModelGraph.BETA2, step);
        try (TUint8 x = images(pixels, labels.length);
                TInt32 y = TInt32.vectorOf(labels);
                TFloat32 lr = TFloat32.scalarOf(learningRate);
                TFloat32 b1 = TFloat32.scalarOf(beta1Power);
                TFloat32 b2 = TFloat32.scalarOf(beta2Power);
                Result result = session.runner()
                        .feed(net.images, x).feed(net.labels, y)
                        .feed(net.learningRate, lr).feed(net.beta1Power, b1).feed(net.beta2Power, b2)
                        .fetch(net.meanLoss)
                        .addTarget(net.trainStep)
                        .run()) {
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    /** Accuracy and mean loss over all of {@code data}. */
    public Evaluation evaluate(Dataset data) {
        checkOpen();
        checkImages(data, "evaluate");
        int n = data.size();
        double lossSum = 0;
        double correct = 0;
        for (int start = 0; start < n; start += EVAL_BATCH) {
            int size = Math.min(EVAL_BATCH, n - start);
            byte[] pixels = new byte[size * PIXELS];
            System.arraycopy(data.pixels(), start * PIXELS, pixels, 0, pixels.length);
            int[] labels = new int[size];
            for (int k = 0; k < size; k++) {
                labels[k] = data.labels()[start + k] & 0xFF;
            }
            try (TUint8 x = images(pixels, size);
                    TInt32 y = TInt32.vectorOf(labels);
                    Result result = session.runner()
                            .feed(net.images, x).feed(net.labels, y)
                            .fetch(net.lossSum).fetch(net.correctCount)
                            .run()) {
                lossSum += ((TFloat32) result.get(0)).getFloat();
                correct += ((TFloat32) result.get(1)).getFloat();
            }
        }
        return new Evaluation(correct / n, lossSum / n, n);
    }

    /** A copy of all weights, in the spec's order. */
    public Weights weights() {
        checkOpen();
        Session.Runner runner = session.runner();
        for (Variable<TFloat32> v : net.variables.values()) {
            runner.fetch(v);
        }
        List<Weights.Tensor> tensors = new ArrayList<>();
        try (Result result = runner.run()) {
            int i = 0;
            for (TensorSpec t : spec.tensors()) {
                float[] values = new float[t.elementCount()];
                ((TFloat32) result.get(i++)).copyTo(DataBuffers.of(values, false, false));
                tensors.add(new Weights.Tensor(t, values));
            }
        }
        return Weights.of(tensors);
    }

    /**
     * Replaces all weights and forgets Adam's moments and step count. In federated training every round
     * starts from the server's blended weights, as a freshly started client would; moments left from
     * training other weights in an earlier round would steer the first steps wrongly and make a round's
     * result depend on this process's history (a restarted client would then compute something else).
     */
    public void assign(Weights w) {
        checkOpen();
        checkFits(w);
        List<Tensor> fed = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            for (Map.Entry<String, Placeholder<TFloat32>> e : net.assignValues.entrySet()) {
                Weights.Tensor t = w.tensor(e.getKey());
                TFloat32 value = TFloat32.tensorOf(Shape.of(t.spec().shape()), DataBuffers.of(t.values(), true, false));
                fed.add(value);
                runner.feed(e.getValue(), value);
            }
            for (Op op : net.assignOps) {
                runner.addTarget(op);
            }
            for (Op op : net.resetSlotOps) {
                runner.addTarget(op);
            }
            runner.run().close();
        } finally {
            fed.forEach(Tensor::close);
        }
        step = 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            session.close();
            graph.close();
        }
    }

    private void checkFits(Weights w) {
        for (TensorSpec expected : spec.tensors()) {
            Weights.Tensor t = w.tensor(expected.name());
            if (t == null) {
                throw new IllegalArgumentException("weights for model " + spec.name() + " lack tensor "
                        + expected.name() + " " + expected.shapeText());
            }
            if (!t.spec().equals(expected)) {
                throw new IllegalArgumentException("tensor " + expected.name() + " has shape "
                        + t.spec().shapeText() + " but model " + spec.name() + " needs " + expected.shapeText());
            }
        }
        if (w.size() != spec.tensors().size()) {
            List<String> extra = w.specs().stream().map(TensorSpec::name)
                    .filter(name -> spec.tensors().stream().noneMatch(t -> t.name().equals(name)))
                    .toList();
            throw new IllegalArgumentException("weights hold tensors model " + spec.name() + " does not have: "
                    + extra);
        }
    }

    private static void checkImages(Dataset data, String task) {
        if (data.rows() != 28 || data.cols() != 28) {
            throw new IllegalArgumentException("cannot " + task + " on " + data.name() + ": its images are "
                    + data.rows() + "x" + data.cols() + ", the model needs 28x28");
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot " + task + " on " + data.name() + ": it holds no examples");
        }
        byte[] labels = data.labels();
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xFF) >= Dataset.CLASSES) {
                throw new IllegalArgumentException("cannot " + task + " on " + data.name() + ": example " + i
                        + " has label " + (labels[i] & 0xFF) + ", expected 0.." + (Dataset.CLASSES - 1));
            }
        }
    }

    private static TUint8 images(byte[] pixels, int count) {
        return TUint8.tensorOf(Shape.of(count, PIXELS), DataBuffers.of(pixels, true, false));
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model " + spec.name() + " is closed");
        }
    }
}
