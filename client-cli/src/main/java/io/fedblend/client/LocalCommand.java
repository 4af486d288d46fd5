package io.fedblend.client;

import io.fedblend.shared.data.Dataset;
import io.fedblend.shared.data.Shard;
import io.fedblend.shared.model.CentralTraining;
import io.fedblend.shared.model.Evaluation;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TrainingConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import java.util.Locale;

@Command(name = "local",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Trains a model on one shard of MNIST without a server and prints its test accuracy, "
                + "loss and the seconds taken.")
public class LocalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "cnn", converter = ModelConverter.class,
            description = "cnn or mlp (default: ${DEFAULT-VALUE}).")
    ModelSpec model;

    @Option(names = "--shard", paramLabel = "FROM:TO", defaultValue = "0:10000", converter = ShardConverter.class,
            description = "The slice [FROM, TO) of the MNIST training set to train on (default: ${DEFAULT-VALUE}).")
    Shard shard;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1",
            description = "Passes over the shard (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Images per training step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", paramLabel = "RATE", defaultValue = "0.001",
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed for initial weights and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "TensorFlow threads; 0 lets TensorFlow choose (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the MNIST IDX files are (default: $FEDBLEND_DATA_DIR, else ~/.cache/fedblend/mnist).")
    Path dataDir;

    @Override
    public Integer call() {
        TrainingConfig config;
        try {
            config = new TrainingConfig(epochs, batchSize, learningRate, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        MnistData data = MnistData.at(dataDir);
        Dataset train = data.trainShard(shard);
        Dataset test = data.test();
        long start = System.nanoTime();
        Evaluation result = CentralTraining.trainAndEvaluate(model, train, test, config, seed, threads, System.out);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s on MNIST train %s: test accuracy %.4f, loss %.4f, %.1f s in all%n",
                model.name(), shard, result.accuracy(), result.loss(), seconds);
        return 0;
    }
}
