package io.fedblend.shared.model;

import io.fedblend.shared.data.Dataset;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Trains one model centrally and scores it on a test set: the baseline the federated rounds must beat,
 * and the quickest check that the model and data work on this machine.
 */
public final class CentralTraining {

    private CentralTraining() {
    }

    /** Trains a fresh {@code spec} model on {@code train}, prints progress and timings to {@code out}. */
    public static Evaluation trainAndEvaluate(ModelSpec spec, Dataset train, Dataset test, TrainingConfig config,
            long seed, int threads, PrintStream out) {
        out.printf(Locale.ROOT, "training %s (%,d parameters) on %s: %,d examples, %d epoch(s), batch %d, "
                + "learning rate %s%n", spec.name(), spec.parameterCount(), train.name(), train.size(),
                config.epochs(), config.batchSize(), config.learningRate());
        try (MnistModel model = MnistModel.create(spec, seed, threads)) {
            long start = System.nanoTime();
            double loss = model.train(train, config, new TenthsPrinter(out));
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            Evaluation result = model.evaluate(test);
            double evalSeconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "train loss %.4f, %.1f s%n", loss, trainSeconds);
            out.printf(Locale.ROOT, "test accuracy %.4f, loss %.4f on %,d examples of %s, %.1f s%n",
                    result.accuracy(), result.loss(), result.examples(), test.name(), evalSeconds);
            return result;
        }
    }

    /** Prints a line each time another tenth of an epoch is done. */
    private static final class TenthsPrinter implements TrainingProgress {
        private final PrintStream out;
        private long lastTenth;

        TenthsPrinter(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onBatch(int epoch, int epochs, long seenInEpoch, long epochSize, double meanLossSoFar) {
            long tenth = seenInEpoch * 10 / epochSize;
            if (seenInEpoch == epochSize || tenth != lastTenth) {
                lastTenth = seenInEpoch == epochSize ? 0 : tenth;
                out.printf(Locale.ROOT, "  epoch %d/%d: %,d/%,d examples, loss %.4f%n", epoch, epochs, seenInEpoch,
                        epochSize, meanLossSoFar);
            }
        }
    }
}
