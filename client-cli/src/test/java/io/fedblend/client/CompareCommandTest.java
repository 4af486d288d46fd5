package io.fedblend.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.shared.data.Dataset;
import io.fedblend.shared.data.MnistStore;
import io.fedblend.shared.data.Shard;
import io.fedblend.shared.model.CheckpointFile;
import io.fedblend.shared.model.Evaluation;
import io.fedblend.shared.model.MnistModel;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TrainingConfig;
import io.fedblend.shared.model.TrainingProgress;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real checkpoints: an untrained mlp and the same mlp after one epoch on 2,000 MNIST images. */
@QuarkusMainTest
class CompareCommandTest {

    @TempDir
    static Path models;
    static Path runDir;
    static Evaluation untrained;
    static Evaluation trained;

    @BeforeAll
    static void writeCheckpoints() throws Exception {
        TestData.ensureMnist();
        MnistStore store = new MnistStore(MnistStore.defaultDataDir());
        Dataset train = store.train().slice(new Shard(0, 2000));
        Dataset test = store.test();
        runDir = Files.createDirectories(models.resolve("run-2"));
        // an older run that compare must pass over
        Files.createDirectories(models.resolve("run-1"));
        try (MnistModel model = MnistModel.create(ModelSpec.MLP, 5L, 1)) {
            untrained = model.evaluate(test);
            CheckpointFile.write(runDir.resolve("baseline.fbm"), ModelSpec.MLP, model.weights());
            CheckpointFile.write(models.resolve("run-1").resolve("baseline.fbm"), ModelSpec.MLP, model.weights());
            model.train(train, new TrainingConfig(1, 32, 1e-3f, 5L), TrainingProgress.NONE);
            trained = model.evaluate(test);
            CheckpointFile.write(runDir.resolve("final.fbm"), ModelSpec.MLP, model.weights());
        }
    }

    @Test
    void newestRunUnderModelsIsComparedOnTheTestSet(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("compare", "--models", models.toString(), "--threads", "1");

        assertEquals(0, result.exitCode(), result.getErrorOutput());
        String out = result.getOutput();
        assertTrue(out.contains(String.format("baseline  accuracy %.4f", untrained.accuracy())), out);
        assertTrue(out.contains(String.format("final     accuracy %.4f", trained.accuracy())), out);
        assertTrue(out.contains(runDir.resolve("final.fbm").toString()), out);
        Matcher improvement = Pattern.compile("improvement: ([+-][0-9.]+) percentage points").matcher(out);
        assertTrue(improvement.find(), out);
        assertEquals(100 * (trained.accuracy() - untrained.accuracy()), Double.parseDouble(improvement.group(1)), 0.01);
        assertTrue(trained.accuracy() > untrained.accuracy() + 0.3, "training should have helped: " + out);
    }

    @Test
    void explicitFilesAreCompared(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("compare", "--baseline", runDir.resolve("final.fbm").toString(),
                "--final", runDir.resolve("baseline.fbm").toString(), "--threads", "1");

        assertEquals(0, result.exitCode(), result.getErrorOutput());
        assertTrue(result.getOutput().contains("improvement: -"), result.getOutput());
    }

    @Test
    void corruptCheckpointIsNamed(QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
        Path broken = Files.write(dir.resolve("final.fbm"), new byte[] {1, 2, 3});
        LaunchResult result = launcher.launch("compare", "--baseline", runDir.resolve("baseline.fbm").toString(),
                "--final", broken.toString());

        assertEquals(1, result.exitCode());
        assertTrue(result.getErrorOutput().contains("cannot read the final checkpoint"), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains(broken.toString()), result.getErrorOutput());
    }

    @Test
    void runWithoutCheckpointsIsExplained(QuarkusMainLauncher launcher, @TempDir Path empty) {
        LaunchResult result = launcher.launch("compare", "--models", empty.toString());

        assertEquals(1, result.exitCode());
        assertTrue(result.getErrorOutput().contains("no checkpoints (*.fbm) in " + empty), result.getErrorOutput());
    }
}
