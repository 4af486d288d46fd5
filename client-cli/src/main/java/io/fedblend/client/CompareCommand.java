package io.fedblend.client;

import io.fedblend.client.compare.CheckpointLocator;
import io.fedblend.shared.data.Dataset;
import io.fedblend.shared.model.CheckpointFile;
import io.fedblend.shared.model.Evaluation;
import io.fedblend.shared.model.MnistModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.Locale;

@Command(name = "compare",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Evaluates a run's baseline and final checkpoints on the MNIST test set and prints both "
                + "accuracies and the improvement.")
public class CompareCommand implements Callable<Integer> {

    static class Files {
        @Option(names = "--baseline", paramLabel = "FILE", required = true,
                description = "The checkpoint before federated rounds (baseline.fbm).")
        Path baseline;

        @Option(names = "--final", paramLabel = "FILE", required = true,
                description = "The checkpoint after the last round (final.fbm).")
        Path fin;
    }

    static class Source {
        @Option(names = "--models", paramLabel = "DIR",
                description = "The server's models folder; the newest run folder in it is used "
                        + "(default: $FEDBLEND_MODELS_DIR, else ./models).")
        Path models;

        @ArgGroup(exclusive = false)
        Files files;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the MNIST IDX files are (default: $FEDBLEND_DATA_DIR, else ~/.cache/fedblend/mnist).")
    Path dataDir;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "TensorFlow threads; 0 lets TensorFlow choose (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() {
        CheckpointLocator.Pair pair;
        if (source != null && source.files != null) {
            pair = new CheckpointLocator.Pair(source.files.baseline, source.files.fin);
        } else {
            pair = CheckpointLocator.newestRun(source != null && source.models != null ? source.models
                    : defaultModels());
        }
        Dataset test = MnistData.at(dataDir).test();
        Evaluation baseline = evaluate("baseline", pair.baseline(), test);
        Evaluation fin = evaluate("final", pair.fin(), test);
        System.out.printf(Locale.ROOT, "baseline  accuracy %.4f  loss %.4f  %s%n", baseline.accuracy(),
                baseline.loss(), pair.baseline());
        System.out.printf(Locale.ROOT, "final     accuracy %.4f  loss %.4f  %s%n", fin.accuracy(), fin.loss(),
                pair.fin());
        System.out.printf(Locale.ROOT, "improvement: %+.2f percentage points on %d test images%n",
                100 * (fin.accuracy() - baseline.accuracy()), fin.examples());
        return 0;
    }

    /** The server's own default: fedblend.models-dir, overridable as FEDBLEND_MODELS_DIR. */
    private static Path defaultModels() {
        String env = System.getenv("FEDBLEND_MODELS_DIR");
        return Path.of(env != null && !env.isBlank() ? env : "models");
    }

    private Evaluation evaluate(String role, Path file, Dataset test) {
        try {
            var checkpoint = CheckpointFile.read(file);
            try (MnistModel model = MnistModel.create(checkpoint.spec(), 0L, threads)) {
                model.assign(checkpoint.weights());
                return model.evaluate(test);
            }
        } catch (IOException e) {
            throw new CommandFailure("cannot read the " + role + " checkpoint: " + e.getMessage(), e);
        }
    }
}
